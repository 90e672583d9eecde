#include "transcript-view.h"

#include "chat/code-fences.h"
#include "history/branch-navigation.h"
#include "history/message-role.h"
#include "wx-text.h"

#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/textctrl.h>

namespace parley {

namespace {

// Heads a reply's reasoning, shown before its answer.
constexpr const char* kThinking = "Thinking\n";

}  // namespace

TranscriptView::TranscriptView(wxWindow* parent) : wxPanel(parent) {
    text_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                           wxTE_MULTILINE | wxTE_READONLY | wxTE_RICH2 | wxTE_WORDWRAP);
    text_->SetName("transcript");
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(text_, 1, wxEXPAND);
    SetSizer(sizer);
}

void TranscriptView::show(const Conversation& conversation, const std::vector<MessageRecord>& branch) {
    text_->Clear();
    const auto positions = branch_positions(conversation);
    text_->Freeze();
    for (const auto& m : branch) {
        wxString heading = utf8(message_heading(m));
        if (const auto [index, count] = positions.at(m.id); count > 1) {
            heading += wxString::Format(utf8(" · branch %zu of %zu"), index, count);
        }
        separate();
        append(heading + "\n", TextStyle::heading);
        if (!m.reasoning.empty()) append(kThinking + utf8(m.reasoning) + "\n\n", TextStyle::reasoning);
        for (const auto& segment : split_code_fences(m.content)) {
            append(utf8(segment.text), segment.code ? TextStyle::code : TextStyle::normal);
        }
        if (!m.error.empty()) append("\n[" + utf8(m.error) + "]");
    }
    text_->Thaw();
    text_->ShowPosition(text_->GetLastPosition());
}

void TranscriptView::clear() {
    text_->Clear();
}

void TranscriptView::append_user_message(const std::string& text) {
    separate();
    append("You\n", TextStyle::heading);
    append(utf8(text));
}

void TranscriptView::begin_reply(const std::string& heading) {
    reply_thinking_ = false;
    separate();
    append(utf8(heading) + "\n", TextStyle::heading);
}

void TranscriptView::append_reply(const std::vector<ReplyPiece>& pieces) {
    for (const auto& piece : pieces) {
        if (piece.reasoning && !reply_thinking_) {
            append(kThinking, TextStyle::reasoning);
        } else if (!piece.reasoning && reply_thinking_) {
            append("\n\n");
        }
        reply_thinking_ = piece.reasoning;
        append(utf8(piece.text), piece.reasoning ? TextStyle::reasoning : TextStyle::normal);
    }
}

wxString TranscriptView::text() const {
    return text_->GetValue();
}

void TranscriptView::separate() {
    if (!text_->IsEmpty()) append("\n\n");
}

void TranscriptView::append(const wxString& text, TextStyle style) {
    // Headings in bold, reasoning in the platform's colour for secondary
    // text, code in a fixed-width font.
    wxTextAttr attr(style == TextStyle::reasoning ? wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT)
                                                  : text_->GetForegroundColour());
    const wxFont font = text_->GetFont();
    switch (style) {
        case TextStyle::heading: attr.SetFont(font.Bold()); break;
        case TextStyle::code:
            attr.SetFont(wxFont(wxFontInfo(font.GetFractionalPointSize()).Family(wxFONTFAMILY_TELETYPE)));
            break;
        case TextStyle::normal:
        case TextStyle::reasoning: attr.SetFont(font); break;
    }
    text_->SetDefaultStyle(attr);
    text_->AppendText(text);
}

}  // namespace parley
