#pragma once

#include "chat/chat-runner.h"
#include "net/cancel-token.h"
#include "profile/profile.h"
#include "reply-stream.h"

#include <wx/frame.h>
#include <wx/timer.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <thread>

class wxCloseEvent;
class wxSplitterWindow;

namespace parley {

class ComposerView;
class ConversationListView;
class ModelPickerView;
class StartupLicenseCheck;
class StartupUpdateCheck;
class TranscriptView;
class WelcomePane;

// The main window: conversations on the left; on the right the selected
// conversation, a provider and model picker and the composer. Each of those
// is a view of its own; the frame wires them to the history and runs the
// reply on a worker thread. It holds no view logic of its own.
class MainFrame final : public wxFrame {
public:
    explicit MainFrame(Profile& profile);
    ~MainFrame() override;

private:
    void build_menu();
    void build_layout();
    void reload_providers();
    void show_welcome(bool show);
    // The transcript's font size from the settings.
    void apply_appearance();
    void reload_conversations();
    void show_conversation(std::optional<std::int64_t> id);
    void on_send();
    void on_regenerate();
    // Shows the previous (-1) or next (+1) alternative of the deepest
    // message of the shown branch that has any.
    void on_switch_branch(int step);
    void on_import();
    void on_export();
    // Starts a reply on the worker thread: to `text`, or, given a reply id,
    // another answer to the message that reply answered (a new branch).
    // Given an edited message, `text` replaces it on a new branch.
    bool start_reply(const std::string& text, std::optional<std::int64_t> regenerate_id,
                     const MessageRecord* edited = nullptr);
    // Puts one of the user's messages in the composer; sending it makes a new branch.
    void on_edit(const MessageRecord& message);
    // Shows the shown branch up to (not including) `message`.
    void show_branch_before(const MessageRecord& message);
    // Shows the alternative `step` places from `message`.
    void on_switch_branch(const MessageRecord& message, int step);
    // Deletes a message with what is below it, asking first when that is more than itself.
    void on_delete_message(const MessageRecord& message);
    void on_stop();
    void on_new_conversation();
    void on_delete_conversation();
    void on_copy_conversation();
    void on_rename_conversation();
    void change_conversation(const ConversationChange& change);
    void on_providers_dialog();
    void on_close(wxCloseEvent& event);
    void on_stream_wake();
    void on_reply_finished(std::int64_t conversation_id, const std::string& error, const std::string& unsent);
    // Once the whole reply is shown.
    void finish_reply(std::int64_t conversation_id, const std::string& error, const std::string& unsent);
    void set_busy(bool busy);

    Profile& profile_;
    ConversationListView* conversations_ = nullptr;
    ModelPickerView* picker_ = nullptr;
    TranscriptView* transcript_ = nullptr;
    ComposerView* composer_ = nullptr;
    wxSplitterWindow* splitter_ = nullptr;
    wxWindow* chat_ = nullptr;        // the right pane: picker, transcript, composer
    WelcomePane* welcome_ = nullptr;  // in the chat's place while no provider is configured

    std::optional<std::int64_t> current_conversation_;
    std::optional<MessageRecord> editing_;  // the user's message the composer holds a new text for
    ConversationSummary shown_;             // of current_conversation_, for the menu's check marks
    std::unique_ptr<ReplyStream> stream_;
    wxTimer slice_timer_;                      // the next slice of a reply that arrived faster than shown
    std::function<void()> after_reply_shown_;  // the end of a finished reply, once its last slice is shown
    std::unique_ptr<CancelToken> cancel_;
    std::thread worker_;
    std::atomic<bool> busy_{false};
    std::unique_ptr<StartupLicenseCheck> license_check_;
    std::unique_ptr<StartupUpdateCheck> update_check_;
};

}  // namespace parley
