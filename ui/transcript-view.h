#pragma once

#include "chat/markdown-stream.h"
#include "history/branch-navigation.h"
#include "history/history-types.h"
#include "markdown-renderer.h"
#include "reply-stream.h"

#include <wx/panel.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxContextMenuEvent;
class wxKeyEvent;
class wxMouseEvent;
class wxStaticText;
class wxTextAttr;
class wxTextCtrl;

namespace parley {

// The shown branch of a conversation, and the reply streaming into it:
// each reply's Markdown rendered with styles, each message with its actions.
class TranscriptView final : public wxPanel {
public:
    explicit TranscriptView(wxWindow* parent);

    // Shows `branch` of `conversation`, replacing what was shown.
    void show(const Conversation& conversation, const std::vector<MessageRecord>& branch);
    void clear();
    // The user's message just sent, shown before its reply arrives.
    void append_user_message(const std::string& text);
    // Heads the reply about to stream in.
    void begin_reply(const std::string& heading);
    // Reply text as it arrives, its reasoning set apart before the answer.
    void append_reply(const std::vector<ReplyPiece>& pieces);
    // The whole conversation as plain text (Copy Conversation), the part
    // not shown yet included.
    wxString text() const;

    // The message the Message menu acts on: the one at the caret, else the
    // last one shown; `role` narrows it to the last of that role.
    const MessageRecord* target_message(const std::string& role = "") const;
    void copy_message(const MessageRecord& message);
    void copy_markdown(const MessageRecord& message);
    // The code block at the caret, else the message's last one.
    void copy_code_block(const MessageRecord& message);

    std::function<void(const MessageRecord&)> on_edit;
    std::function<void(const MessageRecord&)> on_regenerate;
    std::function<void(const MessageRecord&, int step)> on_switch_branch;
    // Delete pressed, or Delete Message chosen, on a message.
    std::function<void(const MessageRecord&)> on_delete;
    std::function<void(const wxString& status)> on_status;
    // A new title typed into the header, Enter pressed.
    std::function<void(const std::string& title)> on_rename;

private:
    struct ShownMessage {
        MessageRecord record;
        BranchPosition position;
        TextRange body;  // the rendered text, without heading and details
        long start = 0;  // where its heading begins
    };

    void append(const std::string& text, const wxTextAttr& attr);
    wxTextAttr plain_attr() const;
    wxTextAttr subdued_attr() const;
    void separate();
    void append_message(const ShownMessage& message);
    // Renders branch_ from shown_from_ on, replacing the text.
    void render_shown_messages();
    // The error and details lines after a message's text.
    void append_message_end(const MessageRecord& m);
    // Takes the reply just streamed, and the message sent before it, as the
    // rendering of `branch`'s last messages when they read the same; false
    // when `branch` must be rendered again.
    bool keep_streamed_reply(const Conversation& conversation, const std::vector<MessageRecord>& branch);
    void show_earlier_messages();
    void render_answer_tail();
    const ShownMessage* message_at(long position) const;
    const RenderedCode* code_at(long position) const;
    void copy_to_clipboard(const std::string& text, const wxString& status);
    void on_context_menu(wxContextMenuEvent& event);
    // The actions of the message at `position`, popped up at `where` (the
    // pointer's place when wxDefaultPosition).
    void show_message_menu(long position, const wxPoint& where);
    void on_click(wxMouseEvent& event);
    void on_key(wxKeyEvent& event);
    // Gives the message at `position` as the transcript's tooltip and
    // accessible description: its model, time, tokens and cost.
    void describe_message_at(long position);

    wxTextCtrl* title_ = nullptr;
    wxStaticText* totals_ = nullptr;
    wxButton* earlier_ = nullptr;
    wxTextCtrl* text_ = nullptr;
    MarkdownRenderer renderer_;
    std::vector<ShownMessage> messages_;
    std::optional<std::int64_t> described_;  // the message whose details the tooltip shows
    // The whole shown branch; messages_ holds those from shown_from_ on.
    std::vector<MessageRecord> branch_;
    std::map<std::int64_t, BranchPosition> positions_;
    std::size_t shown_from_ = 0;

    // The reply streaming in.
    bool reply_thinking_ = false;  // its last piece was reasoning
    bool answering_ = false;       // its answer has begun
    MarkdownStream answer_;
    std::size_t rendered_stable_ = 0;   // of answer_.stable(), already in the control
    std::vector<TextRun> shown_tail_;   // the answer's unstable blocks, as the control shows them
    std::vector<TextRun> answer_runs_;  // its stable blocks, as drawn
    // What the reply since the last show() left in the control.
    bool reply_streamed_ = false;
    bool reply_reasoned_ = false;
    std::string reply_heading_;
    long answer_start_ = 0;
    long reply_start_ = 0;                // where its heading begins
    std::optional<TextRange> sent_body_;  // the message sent before it
    long sent_start_ = 0;
    std::string sent_text_;
};

}  // namespace parley
