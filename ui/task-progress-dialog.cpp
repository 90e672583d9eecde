#include "task-progress-dialog.h"

#include <wx/button.h>
#include <wx/gauge.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/timer.h>

namespace parley {

namespace {
constexpr int kGaugeRange = 1000;
}

TaskProgressDialog::TaskProgressDialog(wxWindow* parent, const wxString& title, const wxString& message)
    : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxSize(460, -1)),
      title_(title),
      pulse_(std::make_unique<wxTimer>()) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    message_ = new wxStaticText(this, wxID_ANY, message);
    gauge_ = new wxGauge(this, wxID_ANY, kGaugeRange, wxDefaultPosition, wxSize(420, -1));
    gauge_->SetName("progress");
    cancel_ = new wxButton(this, wxID_CANCEL, "&Cancel");
    top->Add(message_, 0, wxEXPAND | wxALL, 12);
    top->Add(gauge_, 0, wxEXPAND | wxLEFT | wxRIGHT, 12);
    top->Add(cancel_, 0, wxALIGN_RIGHT | wxALL, 12);
    SetSizerAndFit(top);
    pulse_->Bind(wxEVT_TIMER, [this](wxTimerEvent&) { gauge_->Pulse(); });
    pulse_->Start(100);
    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_cancel(); });
    // Closing the window or Escape cancels too; it closes once the work has
    // stopped, so nothing is left half done behind it.
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { on_cancel(); });
}

TaskProgressDialog::~TaskProgressDialog() {
    pulse_->Stop();
}

void TaskProgressDialog::show_progress(const TaskProgress& progress) {
    if (progress.total > 0) {
        pulse_->Stop();
        const auto done = std::min(progress.done, progress.total);
        gauge_->SetValue(static_cast<int>(done * kGaugeRange / progress.total));
        // In the title too, where the window list and task switcher show it.
        SetTitle(
            wxString::Format(wxString::FromUTF8("%s — %d%%"), title_, static_cast<int>(done * 100 / progress.total)));
    }
    if (!progress.text.empty()) message_->SetLabel(wxString::FromUTF8(progress.text));
}

void TaskProgressDialog::on_cancel() {
    if (!task_ || task_->finished()) return;
    task_->cancel();
    cancel_->Disable();
    message_->SetLabel(wxString::FromUTF8("Cancelling…"));
}

void TaskProgressDialog::finish() {
    pulse_->Stop();
    if (IsModal()) EndModal(wxID_OK);
}

}  // namespace parley
