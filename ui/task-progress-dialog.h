#pragma once

#include "background-task.h"

#include <wx/dialog.h>

#include <memory>

class wxButton;
class wxGauge;
class wxStaticText;
class wxTimer;

namespace parley {

// A modal window for one background task: what is happening, a bar (counts
// when the task knows its total, a pulse when not) and Cancel. Closes itself
// when the task's outcome arrives. Modal because an import holds the
// history's write lock: the window behind it must not try to read meanwhile.
class TaskProgressDialog final : public wxDialog {
public:
    TaskProgressDialog(wxWindow* parent, const wxString& title, const wxString& message);
    ~TaskProgressDialog() override;

    // Runs `work` and shows this dialog until it is done; returns its outcome.
    template <typename T>
    TaskOutcome<T> run(std::function<T(TaskContext&)> work) {
        TaskOutcome<T> result;
        task_ = start_task<T>(
            std::move(work),
            [this, &result](TaskOutcome<T> outcome) {
                result = std::move(outcome);
                finish();
            },
            [this](const TaskProgress& progress) { show_progress(progress); });
        ShowModal();
        task_.reset();
        return result;
    }

private:
    void show_progress(const TaskProgress& progress);
    void on_cancel();
    void finish();

    wxString title_;
    wxStaticText* message_ = nullptr;
    wxGauge* gauge_ = nullptr;
    wxButton* cancel_ = nullptr;
    std::unique_ptr<wxTimer> pulse_;
    std::unique_ptr<BackgroundTask> task_;
};

}  // namespace parley
