#pragma once

#include "chat/image-attachment.h"

#include <wx/panel.h>

#include <functional>
#include <string>
#include <vector>

class wxButton;
class wxKeyEvent;
class wxStaticText;
class wxTextCtrl;

namespace parley {

// Where the user writes the next message: its text, the images attached to
// it, Send and Stop.
class ComposerView final : public wxPanel {
public:
    explicit ComposerView(wxWindow* parent);

    std::string text() const;
    const std::vector<Attachment>& attachments() const { return attachments_; }
    // After the message was sent: an empty composer, nothing attached.
    void clear();
    // Puts back a message that could not be sent, unless a new one is
    // being written already.
    void restore(const std::string& text);
    void set_busy(bool busy);
    void focus();

    std::function<void()> on_send;  // Enter or the Send button, with some text written
    std::function<void()> on_stop;

private:
    void on_key(wxKeyEvent& event);
    void on_attach();
    void send();

    wxTextCtrl* text_ = nullptr;
    wxButton* attach_button_ = nullptr;
    wxStaticText* attachments_label_ = nullptr;
    wxButton* send_button_ = nullptr;
    wxButton* stop_button_ = nullptr;
    std::vector<Attachment> attachments_;
};

}  // namespace parley
