#include "transcript-view.h"

#include "accessible-name.h"
#include "chat/markdown-document.h"
#include "history/conversation-usage.h"
#include "history/message-role.h"
#include "wx-text.h"

#include <wx/clipbrd.h>
#include <wx/menu.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/utils.h>

namespace parley {

namespace {

// Heads a reply's reasoning, shown before its answer.
constexpr const char* kThinking = "Thinking\n";

// "gpt-x · 2026-11-24 05:51 UTC · 12 + 340 tokens · $0.0021", what is known of it.
std::string reply_details(const MessageRecord& m) {
    std::string out = m.model.empty() ? m.provider : m.model;
    const auto add = [&out](const std::string& part) { out += (out.empty() ? "" : " · ") + part; };
    if (m.created_at != 0) {
        std::string when = format_timestamp(m.created_at).substr(0, 16);
        if (when.size() == 16) when[10] = ' ';
        add(when + " UTC");
    }
    if (m.input_tokens || m.output_tokens) {
        add(std::to_string(m.input_tokens.value_or(0)) + " + " + std::to_string(m.output_tokens.value_or(0)) +
            " tokens");
    }
    if (m.cost_usd) add(format_cost(*m.cost_usd));
    return out;
}

}  // namespace

// The transcript is a read-only multi-line wxTextCtrl with wxTE_RICH2: on
// GTK a GtkTextView, whose text and per-run attributes (weight, style,
// family, strikethrough, underline) screen readers read through AT-SPI.
// wxRichTextCtrl and wxHtmlWindow draw their text themselves and expose none
// of it to assistive technology, so they are not used; nor is a web view
// (DESIGN.md: no web engine).
TranscriptView::TranscriptView(wxWindow* parent)
    : wxPanel(parent),
      text_(new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                           wxTE_MULTILINE | wxTE_READONLY | wxTE_RICH2 | wxTE_WORDWRAP | wxTE_NOHIDESEL)),
      renderer_(*text_) {
    set_accessible_name(*text_, "Transcript");
    // The header: the title, renamed in place, and what the conversation cost.
    title_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    title_->SetHint("Conversation title (Enter renames it)");
    title_->SetFont(title_->GetFont().Bold());
    title_->Disable();
    set_accessible_name(*title_, "Conversation title");
    totals_ = new wxStaticText(this, wxID_ANY, "");
    totals_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    auto* header = new wxBoxSizer(wxHORIZONTAL);
    header->Add(title_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    header->Add(totals_, 0, wxALIGN_CENTER_VERTICAL);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(header, 0, wxEXPAND | wxBOTTOM, 6);
    sizer->Add(text_, 1, wxEXPAND);
    SetSizer(sizer);
    title_->MoveBeforeInTabOrder(text_);
    title_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
        if (on_rename) on_rename(title_->GetValue().utf8_string());
    });
    text_->Bind(wxEVT_CONTEXT_MENU, &TranscriptView::on_context_menu, this);
    text_->Bind(wxEVT_LEFT_UP, &TranscriptView::on_click, this);
    text_->Bind(wxEVT_KEY_DOWN, &TranscriptView::on_key, this);
    // The details of the message under the pointer, or at the caret once it moves.
    text_->Bind(wxEVT_MOTION, [this](wxMouseEvent& event) {
        event.Skip();
        long position = 0;
        if (text_->HitTest(event.GetPosition(), &position) == wxTE_HT_ON_TEXT) describe_message_at(position);
    });
    text_->Bind(wxEVT_KEY_UP, [this](wxKeyEvent& event) {
        event.Skip();
        describe_message_at(text_->GetInsertionPoint());
    });
}

wxTextAttr TranscriptView::plain_attr() const {
    // Every attribute is set: SetDefaultStyle keeps any that a style leaves unset from the one before.
    wxTextAttr attr(text_->GetForegroundColour(), text_->GetBackgroundColour());
    attr.SetFont(text_->GetFont());
    attr.SetLeftIndent(0);
    return attr;
}

wxTextAttr TranscriptView::subdued_attr() const {
    wxTextAttr attr = plain_attr();
    attr.SetTextColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    return attr;
}

void TranscriptView::append(const std::string& text, const wxTextAttr& attr) {
    text_->SetDefaultStyle(attr);
    text_->AppendText(utf8(text));
}

void TranscriptView::separate() {
    if (!text_->IsEmpty()) append("\n\n", plain_attr());
}

void TranscriptView::clear() {
    title_->ChangeValue("");
    title_->Disable();
    totals_->SetLabel("");
    text_->Clear();
    renderer_.clear();
    messages_.clear();
    described_.reset();
    text_->UnsetToolTip();
    set_accessible_description(*text_, "");
    answering_ = false;
}

void TranscriptView::show(const Conversation& conversation, const std::vector<MessageRecord>& branch) {
    clear();
    title_->ChangeValue(utf8(conversation.summary.title));
    title_->Enable();
    totals_->SetLabel(utf8(format_usage(conversation_usage(conversation))));
    Layout();
    const auto positions = branch_positions(conversation);
    text_->Freeze();
    for (const auto& m : branch) {
        messages_.push_back({m, positions.at(m.id), {}});
        append_message(messages_.back());
    }
    text_->Thaw();
    text_->ShowPosition(text_->GetLastPosition());
}

void TranscriptView::append_message(const ShownMessage& shown) {
    const MessageRecord& m = shown.record;
    std::string heading = message_heading(m);
    if (shown.position.count > 1) heading += " · branch " + format_branch_position(shown.position);
    separate();
    messages_.back().start = text_->GetLastPosition();
    wxTextAttr heading_attr = plain_attr();
    heading_attr.SetFont(text_->GetFont().Bold());
    append(heading + "\n", heading_attr);
    if (!m.reasoning.empty()) append(kThinking + m.reasoning + "\n\n", subdued_attr());
    const long start = text_->GetLastPosition();
    // The user's own words are shown as typed; a reply's Markdown is rendered.
    if (m.role == "assistant") {
        renderer_.append(parse_markdown(m.content), nullptr);
    } else {
        append(m.content, plain_attr());
    }
    messages_.back().body = {start, text_->GetLastPosition()};
    if (!m.error.empty()) append("\n[" + m.error + "]", plain_attr());
    if (m.role == "assistant") append("\n" + reply_details(m), subdued_attr());
}

void TranscriptView::append_user_message(const std::string& text) {
    separate();
    wxTextAttr heading_attr = plain_attr();
    heading_attr.SetFont(text_->GetFont().Bold());
    append("You\n", heading_attr);
    append(text, plain_attr());
}

void TranscriptView::begin_reply(const std::string& heading) {
    reply_thinking_ = false;
    answering_ = false;
    separate();
    wxTextAttr heading_attr = plain_attr();
    heading_attr.SetFont(text_->GetFont().Bold());
    append(heading + "\n", heading_attr);
}

void TranscriptView::append_reply(const std::vector<ReplyPiece>& pieces) {
    bool answer_changed = false;
    for (const auto& piece : pieces) {
        if (piece.reasoning) {
            if (answer_changed) render_answer_tail();
            answer_changed = false;
            // Reasoning after some answer closes that answer: it stays as rendered.
            answering_ = false;
            if (!reply_thinking_) append(kThinking, subdued_attr());
            reply_thinking_ = true;
            append(piece.text, subdued_attr());
            continue;
        }
        if (!answering_) {
            if (reply_thinking_) append("\n\n", plain_attr());
            reply_thinking_ = false;
            answering_ = true;
            answer_ = MarkdownStream();
            rendered_stable_ = 0;
            tail_start_ = text_->GetLastPosition();
        }
        answer_.append(piece.text);
        answer_changed = true;
    }
    if (answer_changed) render_answer_tail();
}

// Only the answer's unstable end is removed and drawn again; the blocks
// before it were drawn once, as they became stable.
void TranscriptView::render_answer_tail() {
    text_->Remove(tail_start_, text_->GetLastPosition());
    renderer_.forget_from(tail_start_);
    const auto& stable = answer_.stable();
    if (rendered_stable_ < stable.size()) {
        const std::vector<MarkdownBlock> fresh(stable.begin() + static_cast<long>(rendered_stable_), stable.end());
        renderer_.append(fresh, rendered_stable_ > 0 ? &stable[rendered_stable_ - 1] : nullptr);
        rendered_stable_ = stable.size();
    }
    tail_start_ = text_->GetLastPosition();
    renderer_.append(answer_.tail(), stable.empty() ? nullptr : &stable.back());
}

wxString TranscriptView::text() const {
    return text_->GetValue();
}

const TranscriptView::ShownMessage* TranscriptView::message_at(long position) const {
    const ShownMessage* found = nullptr;
    for (const auto& m : messages_) {
        if (m.start <= position) found = &m;
    }
    return found;
}

const RenderedCode* TranscriptView::code_at(long position) const {
    for (const auto& code : renderer_.code_blocks()) {
        if (code.range.contains(position)) return &code;
    }
    return nullptr;
}

const MessageRecord* TranscriptView::target_message(const std::string& role) const {
    if (messages_.empty()) return nullptr;
    if (role.empty()) {
        const ShownMessage* at = text_->HasFocus() ? message_at(text_->GetInsertionPoint()) : nullptr;
        return &(at ? *at : messages_.back()).record;
    }
    for (auto m = messages_.rbegin(); m != messages_.rend(); ++m) {
        if (m->record.role == role) return &m->record;
    }
    return nullptr;
}

void TranscriptView::copy_to_clipboard(const std::string& text, const wxString& status) {
    if (!wxTheClipboard->Open()) return;
    wxTheClipboard->SetData(new wxTextDataObject(utf8(text)));
    wxTheClipboard->Close();
    if (on_status) on_status(status);
}

void TranscriptView::copy_message(const MessageRecord& message) {
    for (const auto& m : messages_) {
        if (m.record.id != message.id) continue;
        copy_to_clipboard(text_->GetRange(m.body.start, m.body.end).utf8_string(), "Message copied");
    }
}

void TranscriptView::copy_markdown(const MessageRecord& message) {
    copy_to_clipboard(message.content, "Message copied as Markdown");
}

void TranscriptView::copy_code_block(const MessageRecord& message) {
    const RenderedCode* chosen = code_at(text_->GetInsertionPoint());
    for (const auto& m : messages_) {
        if (m.record.id != message.id) continue;
        for (const auto& code : renderer_.code_blocks()) {
            const bool inside = code.range.start >= m.body.start && code.range.end <= m.body.end;
            if (inside && (!chosen || !(chosen->range.start >= m.body.start && chosen->range.end <= m.body.end))) {
                chosen = &code;
            }
        }
    }
    if (chosen) copy_to_clipboard(chosen->code, "Code block copied");
}

void TranscriptView::on_click(wxMouseEvent& event) {
    event.Skip();
    long from = 0;
    long to = 0;
    text_->GetSelection(&from, &to);
    if (from != to) return;  // the click ended a selection, not a link's activation
    long position = 0;
    if (text_->HitTest(event.GetPosition(), &position) != wxTE_HT_ON_TEXT) return;
    for (const auto& link : renderer_.links()) {
        if (!link.range.contains(position)) continue;
        if (is_openable_link(link.url)) {
            wxLaunchDefaultBrowser(utf8(link.url));
        } else if (on_status) {
            on_status(utf8("Not opened: only http, https and mailto links open from a reply (" + link.url + ")"));
        }
        return;
    }
}

void TranscriptView::describe_message_at(long position) {
    const ShownMessage* shown = message_at(position);
    if (!shown) return;
    if (described_ == shown->record.id) return;
    described_ = shown->record.id;
    const wxString details = utf8(role_label(shown->record.role) + " · " + reply_details(shown->record));
    text_->SetToolTip(details);
    set_accessible_description(*text_, details);
}

void TranscriptView::on_key(wxKeyEvent& event) {
    const int key = event.GetKeyCode();
    // The message at the caret: Delete deletes it; the Menu key and Shift+F10
    // open its actions, as a right click does.
    if (key == WXK_DELETE && event.GetModifiers() == wxMOD_NONE) {
        if (const ShownMessage* shown = message_at(text_->GetInsertionPoint()); shown && on_delete) {
            on_delete(shown->record);
        }
        return;
    }
    if (key == WXK_MENU || key == WXK_WINDOWS_MENU || (key == WXK_F10 && event.GetModifiers() == wxMOD_SHIFT)) {
        const long caret = text_->GetInsertionPoint();
        show_message_menu(caret, text_->PositionToCoords(caret));
        return;
    }
    event.Skip();
}

void TranscriptView::on_context_menu(wxContextMenuEvent& event) {
    // The position under the pointer, or the caret when the menu key was used.
    long position = text_->GetInsertionPoint();
    if (event.GetPosition() != wxDefaultPosition) {
        long hit = 0;
        if (text_->HitTest(text_->ScreenToClient(event.GetPosition()), &hit) != wxTE_HT_UNKNOWN) position = hit;
    }
    show_message_menu(position, wxDefaultPosition);
}

void TranscriptView::show_message_menu(long position, const wxPoint& where) {
    const ShownMessage* shown = message_at(position);
    wxMenu menu;
    long from = 0;
    long to = 0;
    text_->GetSelection(&from, &to);
    if (from != to) menu.Append(wxID_COPY, "&Copy");
    if (!shown) {
        if (from != to) text_->PopupMenu(&menu, where);
        return;
    }
    const MessageRecord message = shown->record;
    const int copy_message_id = wxWindow::NewControlId();
    const int copy_markdown_id = wxWindow::NewControlId();
    menu.Append(copy_message_id, "Copy &Message");
    menu.Append(copy_markdown_id, "Copy as Mar&kdown");
    std::vector<std::pair<int, const RenderedCode*>> code_items;
    int n = 0;
    for (const auto& code : renderer_.code_blocks()) {
        if (code.range.start < shown->body.start || code.range.end > shown->body.end) continue;
        const int id = wxWindow::NewControlId();
        std::string label = "Copy Code Block " + std::to_string(++n);
        if (!code.language.empty()) label += " (" + code.language + ")";
        if (code.range.contains(position)) label += " (here)";
        menu.Append(id, utf8(label));
        code_items.emplace_back(id, &code);
    }
    for (const auto& link : renderer_.links()) {
        if (!link.range.contains(position) || !is_openable_link(link.url)) continue;
        const int id = wxWindow::NewControlId();
        menu.Append(id, utf8("Open Link (" + link.url + ")"));
        menu.Bind(
            wxEVT_MENU, [url = link.url](wxCommandEvent&) { wxLaunchDefaultBrowser(utf8(url)); }, id);
    }
    menu.AppendSeparator();
    const int edit_id = wxWindow::NewControlId();
    const int regenerate_id = wxWindow::NewControlId();
    if (message.role == "user") menu.Append(edit_id, utf8("&Edit as a New Branch…"));
    if (message.role == "assistant") menu.Append(regenerate_id, "&Regenerate");
    const int previous_id = wxWindow::NewControlId();
    const int next_id = wxWindow::NewControlId();
    const int delete_id = wxWindow::NewControlId();
    menu.Append(delete_id, utf8("&Delete Message…\tDel"));
    if (shown->position.count > 1) {
        menu.AppendSeparator();
        menu.Append(wxID_ANY, utf8("Branch " + format_branch_position(shown->position)))->Enable(false);
        menu.Append(previous_id, "Previous Branch")->Enable(shown->position.index > 1);
        menu.Append(next_id, "Next Branch")->Enable(shown->position.index < shown->position.count);
    }
    menu.Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { text_->Copy(); }, wxID_COPY);
    menu.Bind(
        wxEVT_MENU, [this, message](wxCommandEvent&) { copy_message(message); }, copy_message_id);
    menu.Bind(
        wxEVT_MENU, [this, message](wxCommandEvent&) { copy_markdown(message); }, copy_markdown_id);
    for (const auto& [id, code] : code_items) {
        menu.Bind(
            wxEVT_MENU,
            [this, copied = code->code](wxCommandEvent&) { copy_to_clipboard(copied, "Code block copied"); }, id);
    }
    menu.Bind(
        wxEVT_MENU,
        [this, message](wxCommandEvent&) {
            if (on_edit) on_edit(message);
        },
        edit_id);
    menu.Bind(
        wxEVT_MENU,
        [this, message](wxCommandEvent&) {
            if (on_regenerate) on_regenerate(message);
        },
        regenerate_id);
    menu.Bind(
        wxEVT_MENU,
        [this, message](wxCommandEvent&) {
            if (on_delete) on_delete(message);
        },
        delete_id);
    menu.Bind(
        wxEVT_MENU,
        [this, message](wxCommandEvent&) {
            if (on_switch_branch) on_switch_branch(message, -1);
        },
        previous_id);
    menu.Bind(
        wxEVT_MENU,
        [this, message](wxCommandEvent&) {
            if (on_switch_branch) on_switch_branch(message, +1);
        },
        next_id);
    text_->PopupMenu(&menu, where);
}

}  // namespace parley
