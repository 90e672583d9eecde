#pragma once

#include "history/history-types.h"
#include "reply-stream.h"

#include <wx/panel.h>

#include <string>
#include <vector>

class wxTextCtrl;

namespace parley {

// The shown branch of a conversation, and the reply streaming into it.
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
    // Everything shown, as plain text.
    wxString text() const;

private:
    enum class TextStyle { normal, heading, reasoning, code };
    void append(const wxString& text, TextStyle style = TextStyle::normal);
    void separate();

    wxTextCtrl* text_ = nullptr;
    bool reply_thinking_ = false;  // the streaming reply's last piece was reasoning
};

}  // namespace parley
