#include "transcript-view.h"

#include "accessible-name.h"
#include "chat/markdown-document.h"
#include "history/conversation-usage.h"
#include "history/message-role.h"
#include "text-margins.h"
#include "wx-text.h"

#include <wx/button.h>
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

// Opening a conversation renders its last messages only, up to these limits
// (and at least one): a GTK text view's cost grows with every styled run in
// it, so 5,000 messages took seconds to show. Earlier ones come on request,
// as many again each time.
constexpr std::size_t kMessagesAtOnce = 50;
constexpr std::size_t kBytesAtOnce = 256 * 1024;

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
    set_text_margins_except_left(*text_, 10);
    // The header: the title, renamed in place, and what the conversation cost.
    title_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    title_->SetHint("Conversation title (Enter renames it)");
    title_->SetFont(title_->GetFont().Bold());
    title_->Disable();
    set_accessible_name(*title_, "Conversation title");
    totals_ = new wxStaticText(this, wxID_ANY, "");
    totals_->SetForegroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT));
    earlier_ = new wxButton(this, wxID_ANY, "Show Earlier Messages");
    earlier_->Hide();
    earlier_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { show_earlier_messages(); });
    auto* header = new wxBoxSizer(wxHORIZONTAL);
    header->Add(title_, 1, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
    header->Add(earlier_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 12);
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
    attr.SetLeftIndent(kRunLeftInset);
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
    branch_.clear();
    positions_.clear();
    shown_from_ = 0;
    earlier_->Hide();
    answering_ = false;
    reply_streamed_ = false;
    sent_body_.reset();
    shown_tail_.clear();
    answer_runs_.clear();
}

void TranscriptView::show(const Conversation& conversation, const std::vector<MessageRecord>& branch) {
    if (keep_streamed_reply(conversation, branch)) return;
    clear();
    title_->ChangeValue(utf8(conversation.summary.title));
    title_->Enable();
    totals_->SetLabel(utf8(format_usage(conversation_usage(conversation))));
    branch_ = branch;
    positions_ = branch_positions(conversation);
    shown_from_ = branch_.size();
    std::size_t bytes = 0;
    while (shown_from_ > 0 && (shown_from_ == branch_.size() ||
                               (branch_.size() - shown_from_ < kMessagesAtOnce && bytes < kBytesAtOnce))) {
        --shown_from_;
        bytes += branch_[shown_from_].content.size() + branch_[shown_from_].reasoning.size();
    }
    render_shown_messages();
    text_->ShowPosition(text_->GetLastPosition());
}

void TranscriptView::render_shown_messages() {
    text_->Freeze();
    text_->Clear();
    renderer_.clear();
    messages_.clear();
    for (std::size_t i = shown_from_; i < branch_.size(); ++i) {
        messages_.push_back({branch_[i], positions_.at(branch_[i].id), {}});
        append_message(messages_.back());
    }
    text_->Thaw();
    earlier_->SetLabel(utf8("Show Earlier Messages (" + std::to_string(shown_from_) + ")"));
    earlier_->Show(shown_from_ > 0);
    Layout();
}

void TranscriptView::show_earlier_messages() {
    const std::size_t before = shown_from_;
    shown_from_ -= std::min(shown_from_, kMessagesAtOnce);
    render_shown_messages();
    // The message that was first stays in sight, the earlier ones above it.
    text_->ShowPosition(messages_.at(before - shown_from_).body.start);
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
    append_message_end(m);
}

void TranscriptView::append_message_end(const MessageRecord& m) {
    if (!m.error.empty()) append("\n[" + m.error + "]", plain_attr());
    if (m.role == "assistant") append("\n" + reply_details(m), subdued_attr());
}

void TranscriptView::append_user_message(const std::string& text) {
    separate();
    sent_start_ = text_->GetLastPosition();
    wxTextAttr heading_attr = plain_attr();
    heading_attr.SetFont(text_->GetFont().Bold());
    append("You\n", heading_attr);
    const long start = text_->GetLastPosition();
    append(text, plain_attr());
    sent_body_ = TextRange{start, text_->GetLastPosition()};
    sent_text_ = text;
}

void TranscriptView::begin_reply(const std::string& heading) {
    reply_thinking_ = false;
    answering_ = false;
    separate();
    reply_start_ = text_->GetLastPosition();
    wxTextAttr heading_attr = plain_attr();
    heading_attr.SetFont(text_->GetFont().Bold());
    append(heading + "\n", heading_attr);
    reply_streamed_ = true;
    reply_reasoned_ = false;
    reply_heading_ = heading;
    answer_start_ = text_->GetLastPosition();
    shown_tail_.clear();
    answer_runs_.clear();
}

void TranscriptView::append_reply(const std::vector<ReplyPiece>& pieces) {
    bool answer_changed = false;
    for (const auto& piece : pieces) {
        if (piece.reasoning) {
            if (answer_changed) render_answer_tail();
            answer_changed = false;
            // Reasoning after some answer closes that answer: it stays as rendered.
            answering_ = false;
            reply_reasoned_ = true;
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
            shown_tail_.clear();
            answer_runs_.clear();
        }
        answer_.append(piece.text);
        answer_changed = true;
    }
    if (answer_changed) render_answer_tail();
}

// The blocks that became stable since the last repaint, then the unstable
// ones, are compared with what the control shows after the stable blocks
// drawn before: only what changed is drawn again (while a long paragraph
// streams in, just its new end).
void TranscriptView::render_answer_tail() {
    const auto& stable = answer_.stable();
    const std::vector<MarkdownBlock> fresh(stable.begin() + static_cast<long>(rendered_stable_), stable.end());
    std::vector<TextRun> runs = renderer_.layout(fresh, rendered_stable_ > 0 ? &stable[rendered_stable_ - 1] : nullptr);
    const auto now_stable = static_cast<long>(runs.size());
    std::vector<TextRun> tail = renderer_.layout(answer_.tail(), stable.empty() ? nullptr : &stable.back());
    runs.insert(runs.end(), std::make_move_iterator(tail.begin()), std::make_move_iterator(tail.end()));
    renderer_.replace_end(shown_tail_, std::move(runs));
    answer_runs_.insert(answer_runs_.end(), std::make_move_iterator(shown_tail_.begin()),
                        std::make_move_iterator(shown_tail_.begin() + now_stable));
    shown_tail_.erase(shown_tail_.begin(), shown_tail_.begin() + now_stable);
    rendered_stable_ = stable.size();
}

// Rendering a conversation again after each reply would draw a long reply a
// second time in full. The history's copy of the exchange reads as streamed
// unless something set it apart: a new branch, reasoning, an interruption or
// an error (its heading), or Markdown that parsed differently in pieces.
bool TranscriptView::keep_streamed_reply(const Conversation& conversation, const std::vector<MessageRecord>& branch) {
    if (!reply_streamed_ || reply_reasoned_) return false;
    const std::size_t sent = sent_body_ ? 1 : 0;
    if (branch.size() != shown_from_ + messages_.size() + sent + 1) return false;
    for (std::size_t i = 0; i < messages_.size(); ++i) {
        if (branch[shown_from_ + i].id != messages_[i].record.id) return false;
    }
    auto positions = branch_positions(conversation);
    const MessageRecord& reply = branch.back();
    if (reply.role != "assistant" || !reply.reasoning.empty() || positions.at(reply.id).count > 1 ||
        message_heading(reply) != reply_heading_) {
        return false;
    }
    if (sent_body_) {
        const MessageRecord& message = branch[branch.size() - 2];
        if (message.role != "user" || message.content != sent_text_ || positions.at(message.id).count > 1 ||
            message_heading(message) != "You") {
            return false;
        }
    }
    std::vector<TextRun> shown = answer_runs_;
    shown.insert(shown.end(), shown_tail_.begin(), shown_tail_.end());
    if (!same_text_and_styles(renderer_.layout(parse_markdown(reply.content), nullptr), shown)) return false;

    title_->ChangeValue(utf8(conversation.summary.title));
    title_->Enable();
    totals_->SetLabel(utf8(format_usage(conversation_usage(conversation))));
    if (sent_body_) {
        const MessageRecord& message = branch[branch.size() - 2];
        messages_.push_back({message, positions.at(message.id), *sent_body_, sent_start_});
    }
    messages_.push_back({reply, positions.at(reply.id), {answer_start_, text_->GetLastPosition()}, reply_start_});
    append_message_end(reply);
    branch_ = branch;
    positions_ = std::move(positions);
    reply_streamed_ = false;
    sent_body_.reset();
    shown_tail_.clear();
    answer_runs_.clear();
    return true;
}

wxString TranscriptView::text() const {
    // A long conversation opens at its last messages: those above them are
    // part of it too, given as written (their Markdown not rendered).
    std::string earlier;
    for (std::size_t i = 0; i < shown_from_; ++i) {
        earlier += message_heading(branch_[i]) + "\n" + branch_[i].content + "\n\n";
    }
    return utf8(earlier) + text_->GetValue();
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
