#include "composer-view.h"

#include "accessible-name.h"
#include "text-margins.h"
#include "wx-text.h"

#include <filesystem>

#include <wx/button.h>
#include <wx/filedlg.h>
#include <wx/msgdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace parley {

ComposerView::ComposerView(wxWindow* parent) : wxPanel(parent) {
    text_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 80), wxTE_MULTILINE | wxTE_WORDWRAP);
    set_accessible_name(*text_, "Message");
    set_text_margins(*text_, 6);
    text_->SetHint("Message (Enter sends, Shift+Enter adds a line)");
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    attach_button_ = new wxButton(this, wxID_ANY, utf8("Attach Image…"));
    attachments_label_ = new wxStaticText(this, wxID_ANY, "");
    send_button_ = new wxButton(this, wxID_ANY, "Send");
    stop_button_ = new wxButton(this, wxID_ANY, "Stop");
    stop_button_->Disable();
    buttons->Add(attach_button_, 0, wxRIGHT, 6);
    buttons->Add(attachments_label_, 0, wxALIGN_CENTER_VERTICAL);
    buttons->AddStretchSpacer();
    buttons->Add(stop_button_, 0, wxRIGHT, 6);
    buttons->Add(send_button_, 0);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(text_, 0, wxEXPAND | wxALL, 6);
    sizer->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 6);
    SetSizer(sizer);

    send_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { send(); });
    attach_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_attach(); });
    stop_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_stop) on_stop();
    });
    text_->Bind(wxEVT_KEY_DOWN, &ComposerView::on_key, this);
}

std::string ComposerView::text() const {
    return text_->GetValue().utf8_string();
}

void ComposerView::clear() {
    text_->Clear();
    attachments_.clear();
    attachments_label_->SetLabel("");
}

void ComposerView::restore(const std::string& text) {
    if (!text.empty() && text_->IsEmpty()) text_->ChangeValue(utf8(text));
}

void ComposerView::replace(const std::string& text) {
    text_->ChangeValue(utf8(text));
    text_->SetFocus();
    text_->SetInsertionPointEnd();
}

void ComposerView::set_busy(bool busy) {
    send_button_->Enable(!busy);
    stop_button_->Enable(busy);
    attach_button_->Enable(!busy);
}

void ComposerView::focus() {
    text_->SetFocus();
}

void ComposerView::send() {
    if (text().find_first_not_of(" \t\r\n") == std::string::npos) return;
    if (on_send) on_send();
}

void ComposerView::on_key(wxKeyEvent& event) {
    const bool enter = event.GetKeyCode() == WXK_RETURN || event.GetKeyCode() == WXK_NUMPAD_ENTER;
    if (enter && !event.ShiftDown()) {
        send();
        return;
    }
    event.Skip();
}

void ComposerView::on_attach() {
    wxFileDialog dialog(this, "Attach images", "", "",
                        "Images (*.png;*.jpg;*.jpeg;*.gif;*.webp)|*.png;*.jpg;*.jpeg;*.gif;*.webp",
                        wxFD_OPEN | wxFD_FILE_MUST_EXIST | wxFD_MULTIPLE);
    if (dialog.ShowModal() != wxID_OK) return;
    wxArrayString paths;
    dialog.GetPaths(paths);
    for (const auto& path : paths) {
        try {
            attachments_.push_back(load_image_attachment(std::filesystem::path(path.utf8_string())));
        } catch (const AttachmentError& e) {
            wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_WARNING, this);
        }
    }
    std::string names;
    for (const auto& a : attachments_) names += (names.empty() ? "" : ", ") + a.name;
    attachments_label_->SetLabel(utf8(names));
    Layout();
}

}  // namespace parley
