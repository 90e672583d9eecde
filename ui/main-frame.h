#pragma once

#include "chat/chat-runner.h"
#include "net/cancel-token.h"
#include "profile/profile.h"
#include "reply-stream.h"

#include <wx/frame.h>

#include <atomic>
#include <memory>
#include <optional>
#include <thread>

class wxChoice;
class wxComboBox;
class wxListBox;
class wxSearchCtrl;
class wxTextCtrl;
class wxButton;
class wxStaticText;
class wxKeyEvent;
class wxCommandEvent;
class wxCloseEvent;
class wxContextMenuEvent;

namespace parley {

class StartupLicenseCheck;
class StartupUpdateCheck;

// The main window: conversations on the left; on the right the selected
// conversation, a provider and model picker and the composer.
class MainFrame final : public wxFrame {
public:
    explicit MainFrame(Profile& profile);
    ~MainFrame() override;

private:
    void build_menu();
    void build_layout();
    void reload_providers();
    void reload_conversations();
    void show_conversation(std::optional<std::int64_t> id);
    void on_provider_changed();
    void on_composer_key(wxKeyEvent& event);
    void on_send();
    void on_regenerate();
    // Shows the previous (-1) or next (+1) alternative of the deepest
    // message of the shown branch that has any.
    void on_switch_branch(int step);
    void on_import();
    void on_attach();
    void on_export();
    // Starts a reply on the worker thread: to `text`, or, given a reply id,
    // another answer to the message that reply answered (a new branch).
    bool start_reply(const std::string& text, std::optional<std::int64_t> regenerate_id);
    void on_stop();
    void on_new_conversation();
    void on_delete_conversation();
    void on_copy_conversation();
    void on_rename_conversation();
    void change_conversation(const ConversationChange& change);
    void on_conversation_menu(wxContextMenuEvent& event);
    void on_providers_dialog();
    void on_close(wxCloseEvent& event);
    void on_stream_wake();
    void on_reply_finished(std::int64_t conversation_id, const std::string& error, const std::string& unsent);
    void set_busy(bool busy);
    enum class TextStyle { normal, heading, reasoning, code };
    void append_transcript(const wxString& text, TextStyle style = TextStyle::normal);

    Profile& profile_;
    wxListBox* conversations_ = nullptr;
    wxSearchCtrl* search_ = nullptr;
    wxTextCtrl* transcript_ = nullptr;
    wxTextCtrl* composer_ = nullptr;
    wxChoice* provider_choice_ = nullptr;
    wxComboBox* model_box_ = nullptr;
    wxButton* send_button_ = nullptr;
    wxButton* stop_button_ = nullptr;
    wxButton* attach_button_ = nullptr;
    wxStaticText* attachments_label_ = nullptr;
    std::vector<Attachment> pending_attachments_;

    std::vector<std::int64_t> conversation_ids_;
    std::optional<std::int64_t> current_conversation_;
    ConversationSummary shown_;  // of current_conversation_, for the menu's check marks
    bool show_archived_ = false;
    std::unique_ptr<ReplyStream> stream_;
    bool reply_thinking_ = false;  // the streaming reply's last piece was reasoning
    std::unique_ptr<CancelToken> cancel_;
    std::thread worker_;
    std::atomic<bool> busy_{false};
    std::unique_ptr<StartupLicenseCheck> license_check_;
    std::unique_ptr<StartupUpdateCheck> update_check_;
};

}  // namespace parley
