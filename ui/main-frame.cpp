#include "main-frame.h"

#include "archive-transfer.h"
#include "bench-probe.h"
#include "chat/chat-settings.h"
#include "chat/cost-estimator.h"
#include "chat/message-actions.h"
#include "command-ids.h"
#include "composer-view.h"
#include "conversation-list-view.h"
#include "history/branch-navigation.h"
#include "history/history-store.h"
#include "history/message-role.h"
#include "license-dialog.h"
#include "model-picker-view.h"
#include "preferences-dialog.h"
#include "provider-dialog.h"
#include "providers/provider-client.h"
#include "transcript-view.h"
#include "update-check.h"
#include "vault-passphrase-prompt.h"
#include "welcome-pane.h"
#include "wx-text.h"

#include <algorithm>
#include <utility>

#include <wx/clipbrd.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/splitter.h>
#include <wx/statusbr.h>
#include <wx/textdlg.h>
#include <wx/utils.h>

namespace parley {

MainFrame::MainFrame(Profile& profile)
    : wxFrame(nullptr, wxID_ANY, "Parley", wxDefaultPosition, wxSize(1000, 700)), profile_(profile) {
    build_menu();
    build_layout();
    CreateStatusBar();
    reload_providers();
    reload_conversations();
    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::on_close, this);
    // Escape stops a streaming reply wherever the focus is, or leaves an edit.
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        if (event.GetKeyCode() == WXK_ESCAPE && busy_) {
            on_stop();
            return;
        }
        if (event.GetKeyCode() == WXK_ESCAPE && editing_) {
            editing_.reset();
            composer_->clear();
            SetStatusText("Edit cancelled");
            return;
        }
        event.Skip();
    });
    if (welcome_) {
        welcome_->SetFocus();
    } else {
        composer_->focus();
    }
    // After the window is up: it never waits for the license service.
    CallAfter([this] { license_check_ = std::make_unique<StartupLicenseCheck>(this, profile_); });
    CallAfter([this] { update_check_ = std::make_unique<StartupUpdateCheck>(this, profile_); });
    slice_timer_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { on_stream_wake(); });
}

MainFrame::~MainFrame() {
    if (cancel_) cancel_->cancel();
    if (worker_.joinable()) worker_.join();
}

void MainFrame::build_menu() {
    auto* file = new wxMenu;
    file->Append(id_new, "&New Conversation\tCtrl+N");
    file->Append(id_delete, "&Delete Conversation");
    file->AppendSeparator();
    file->Append(id_import, utf8("&Import Conversations…\tCtrl+O"));
    file->Append(id_export, utf8("&Export Conversation…\tCtrl+E"));
    file->Append(id_export_all, utf8("Export &All Conversations…\tCtrl+Shift+S"));
    file->AppendSeparator();
    file->Append(id_providers, utf8("&Providers and Keys…\tCtrl+,"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, "&Quit\tCtrl+Q");
    auto* edit = new wxMenu;
    edit->Append(id_copy_conversation, "Copy &Conversation\tCtrl+Shift+C");
    edit->Append(id_stop, "&Stop Reply (Esc)");
    edit->Append(id_regenerate, "&Regenerate Reply\tCtrl+R");
    edit->AppendSeparator();
    edit->Append(id_previous_branch, "P&revious Branch\tCtrl+[");
    edit->Append(id_next_branch, "&Next Branch\tCtrl+]");
    edit->AppendSeparator();
    edit->Append(id_find, "&Find in History\tCtrl+F");
    edit->AppendSeparator();
    // The stock id: macOS moves it to the application menu, as its users expect.
    edit->Append(wxID_PREFERENCES, utf8("&Preferences…"));
    // On the message at the transcript's caret, else the last one (the last of yours to edit).
    auto* message = new wxMenu;
    message->Append(id_copy_message, "&Copy Message\tCtrl+Alt+C");
    message->Append(id_copy_markdown, "Copy as &Markdown\tCtrl+Alt+M");
    message->Append(id_copy_code, "Copy Code &Block\tCtrl+Alt+K");
    message->AppendSeparator();
    message->Append(id_edit_message, utf8("&Edit as a New Branch…\tCtrl+Alt+E"));
    message->AppendSeparator();
    // Not an accelerator: Delete must keep deleting text in the composer and the search field.
    message->Append(id_delete_message, utf8("&Delete Message… (Del in the transcript)"));
    auto* conversation = new wxMenu;
    conversation->Append(id_rename, utf8("&Rename…\tF2"));
    conversation->AppendCheckItem(id_pin, "&Pinned\tCtrl+Shift+P");
    conversation->AppendCheckItem(id_archive, "&Archived\tCtrl+Shift+E");
    conversation->AppendSeparator();
    conversation->AppendCheckItem(id_show_archived, "&Show Archived Conversations");
    auto* bar = new wxMenuBar;
    bar->Append(file, "&File");
    bar->Append(edit, "&Edit");
    bar->Append(message, "&Message");
    bar->Append(conversation, "&Conversation");
    auto* help = new wxMenu;
    help->Append(id_license, utf8("&License…"));
    help->Append(id_check_updates, utf8("Check for &Updates…"));
    bar->Append(help, "&Help");
    SetMenuBar(bar);
    const auto on_target = [this](auto action) {
        return [this, action](wxCommandEvent&) {
            if (const MessageRecord* m = transcript_->target_message()) action(*m);
        };
    };
    Bind(wxEVT_MENU, on_target([this](const MessageRecord& m) { transcript_->copy_message(m); }), id_copy_message);
    Bind(wxEVT_MENU, on_target([this](const MessageRecord& m) { transcript_->copy_markdown(m); }), id_copy_markdown);
    Bind(wxEVT_MENU, on_target([this](const MessageRecord& m) { transcript_->copy_code_block(m); }), id_copy_code);
    Bind(wxEVT_MENU, on_target([this](const MessageRecord& m) { on_delete_message(m); }), id_delete_message);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            const MessageRecord* m = transcript_->target_message();
            if (m && m->role != "user") m = transcript_->target_message("user");
            if (m) on_edit(*m);
        },
        id_edit_message);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_new_conversation(); }, id_new);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_delete_conversation(); }, id_delete);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_copy_conversation(); }, id_copy_conversation);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_providers_dialog(); }, id_providers);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_stop(); }, id_stop);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_regenerate(); }, id_regenerate);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_switch_branch(-1); }, id_previous_branch);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_switch_branch(+1); }, id_next_branch);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_import(); }, id_import);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_export(); }, id_export);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (!busy_) export_all_conversations(this, profile_);
        },
        id_export_all);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { conversations_->focus_search(); }, id_find);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { on_rename_conversation(); }, id_rename);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { change_conversation({.pinned = !shown_.pinned}); }, id_pin);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { change_conversation({.archived = !shown_.archived}); }, id_archive);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent& event) { conversations_->set_show_archived(event.IsChecked()); },
        id_show_archived);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { LicenseDialog(this, profile_).ShowModal(); }, id_license);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { UpdateDialog(this).ShowModal(); }, id_check_updates);
    Bind(
        wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    Bind(
        wxEVT_MENU,
        [this](wxCommandEvent&) {
            if (PreferencesDialog(this, profile_).ShowModal() == wxID_OK) apply_appearance();
        },
        wxID_PREFERENCES);
    // The menu's check marks follow the shown conversation.
    for (const int id : {id_rename, id_pin, id_archive, id_delete}) {
        Bind(
            wxEVT_UPDATE_UI,
            [this, id](wxUpdateUIEvent& event) {
                event.Enable(current_conversation_.has_value() && !busy_);
                if (id == id_pin) event.Check(current_conversation_ && shown_.pinned);
                if (id == id_archive) event.Check(current_conversation_ && shown_.archived);
            },
            id);
    }
}

void MainFrame::build_layout() {
    auto* splitter = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);
    conversations_ = new ConversationListView(splitter, profile_.history());

    auto* right = new wxPanel(splitter);
    chat_ = right;
    picker_ = new ModelPickerView(right, profile_.settings());
    transcript_ = new TranscriptView(right);
    composer_ = new ComposerView(right);
    auto* right_sizer = new wxBoxSizer(wxVERTICAL);
    right_sizer->Add(picker_, 0, wxEXPAND | wxALL, 6);
    right_sizer->Add(transcript_, 1, wxEXPAND | wxLEFT | wxRIGHT, 6);
    right_sizer->Add(composer_, 0, wxEXPAND);
    right->SetSizer(right_sizer);

    splitter->SplitVertically(conversations_, right, 260);
    splitter->SetMinimumPaneSize(160);
    splitter_ = splitter;
    apply_appearance();

    conversations_->on_new = [this] { on_new_conversation(); };
    conversations_->on_selected = [this](std::int64_t id) {
        editing_.reset();
        show_conversation(id);
    };
    composer_->on_send = [this] { on_send(); };
    composer_->on_stop = [this] { on_stop(); };
    transcript_->on_status = [this](const wxString& status) { SetStatusText(status); };
    transcript_->on_edit = [this](const MessageRecord& m) { on_edit(m); };
    transcript_->on_rename = [this](const std::string& title) {
        if (title.find_first_not_of(" \t") != std::string::npos) change_conversation({.title = title});
    };
    transcript_->on_regenerate = [this](const MessageRecord& m) {
        if (!busy_) start_reply("", m.id);
    };
    transcript_->on_switch_branch = [this](const MessageRecord& m, int step) { on_switch_branch(m, step); };
    transcript_->on_delete = [this](const MessageRecord& m) { on_delete_message(m); };
}

void MainFrame::reload_providers() {
    const bool any = picker_->reload();
    SetStatusText(any ? wxString("Ready") : utf8("No provider yet: choose one to start"));
    show_welcome(!any);
}

void MainFrame::show_welcome(bool show) {
    // First run: the welcome pane takes the chat's place until a provider is saved.
    if (show == (welcome_ != nullptr)) return;
    if (show) {
        welcome_ = new WelcomePane(splitter_, profile_, [this](const std::string&, const std::string&) {
            // Not from inside the pane's own handler, which replacing it destroys.
            CallAfter([this] {
                reload_providers();
                composer_->focus();
            });
        });
        splitter_->ReplaceWindow(chat_, welcome_);
        chat_->Hide();
        welcome_->SetFocus();
    } else {
        splitter_->ReplaceWindow(welcome_, chat_);
        chat_->Show();
        welcome_->Destroy();
        welcome_ = nullptr;
    }
}

void MainFrame::apply_appearance() {
    int size = transcript_->GetFont().GetPointSize();
    try {
        size = transcript_font_size(profile_.settings(), wxNORMAL_FONT->GetPointSize());
    } catch (const std::exception&) {
        // A hand-edited value core refuses: the system's size; Preferences names the problem.
    }
    wxFont font = transcript_->GetFont();
    font.SetPointSize(size);
    transcript_->SetFont(font);
    for (wxWindow* child : transcript_->GetChildren()) child->SetFont(font);
    if (current_conversation_) show_conversation(current_conversation_);
}

void MainFrame::reload_conversations() {
    conversations_->reload(current_conversation_);
}

void MainFrame::show_conversation(std::optional<std::int64_t> id) {
    current_conversation_ = id;
    // Not cleared first: show() keeps what it can of what is shown (a reply just streamed).
    const auto conversation = id ? profile_.history().load_conversation(*id) : std::nullopt;
    if (!conversation) {
        transcript_->clear();
        return;
    }
    shown_ = conversation->summary;
    transcript_->show(*conversation, profile_.history().current_branch(*id));
    BenchProbe::mark("shown");
}

void MainFrame::set_busy(bool busy) {
    busy_ = busy;
    composer_->set_busy(busy);
    picker_->set_busy(busy);
    conversations_->set_busy(busy);
}

void MainFrame::on_send() {
    if (busy_) return;
    const std::optional<MessageRecord> edited = editing_;
    if (start_reply(composer_->text(), std::nullopt, edited ? &*edited : nullptr)) {
        composer_->clear();
        editing_.reset();
    }
}

void MainFrame::on_edit(const MessageRecord& message) {
    if (busy_ || message.role != "user") return;
    editing_ = message;
    composer_->replace(message.content);
    SetStatusText(utf8("Editing your message: Enter sends it as a new branch, Esc cancels"));
}

void MainFrame::on_regenerate() {
    if (busy_ || !current_conversation_) return;
    const auto branch = profile_.history().current_branch(*current_conversation_);
    if (const MessageRecord* reply = last_reply(branch)) start_reply("", reply->id);
}

bool MainFrame::start_reply(const std::string& text, std::optional<std::int64_t> regenerate_id,
                            const MessageRecord* edited) {
    if (!license_allows_chat(this, profile_)) return false;
    const auto profile = profile_.settings().provider(picker_->provider_id());
    if (!profile) {
        wxMessageBox(utf8("Add a provider first (File › Providers and Keys)."), "Parley", wxOK | wxICON_INFORMATION,
                     this);
        return false;
    }
    ResolvedKey key;
    try {
        key = profile_.key_resolver(ask_vault_passphrase).resolve(*profile);
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
        return false;
    }
    if (key.source == KeySource::missing) {
        wxMessageBox(utf8("No API key for " + profile->id + ". Add it in File › Providers and Keys."), "Parley",
                     wxOK | wxICON_INFORMATION, this);
        return false;
    }

    NetworkOptions network;
    try {
        network = profile_.network_options(ask_vault_passphrase);
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
        return false;
    }

    ChatOptions options;
    options.conversation_id = current_conversation_;
    options.model = picker_->model();
    try {
        options = apply_chat_settings(
            profile_.settings(), std::move(options),
            current_conversation_ ? ChatTarget::existing_conversation : ChatTarget::new_conversation);
        if (edited) options = edit_options(*edited, options);
        if (regenerate_id) {
            const auto reply = profile_.history().find_message(*regenerate_id);
            if (!reply) return false;
            options = regenerate_options(*reply, options);
        }
    } catch (const SettingsError& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
        return false;
    } catch (const MessageActionError& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_INFORMATION, this);
        return false;
    }
    set_busy(true);
    SetStatusText(utf8("Waiting for " + profile->id + "…"));

    if (regenerate_id) {
        show_conversation(current_conversation_);
    } else if (edited) {
        show_branch_before(*edited);
        transcript_->append_user_message(text);
    } else {
        if (!current_conversation_) transcript_->clear();
        transcript_->append_user_message(text);
    }
    transcript_->begin_reply("Assistant · " + (options.model.empty() ? profile->default_model : options.model));

    BenchProbe::mark("reply-start");
    stream_ = std::make_unique<ReplyStream>([this] { CallAfter(&MainFrame::on_stream_wake); });
    cancel_ = std::make_unique<CancelToken>();
    if (worker_.joinable()) worker_.join();
    // The worker gets its own copy of the settings: the UI thread may edit them meanwhile.
    worker_ =
        std::thread([this, profile = *profile, options, text, regenerate_id, attachments = composer_->attachments(),
                     key = std::move(key.key), settings = profile_.settings(), network]() mutable {
            std::string error;
            std::int64_t conversation_id = options.conversation_id.value_or(0);
            bool started = false;
            try {
                const ProviderClient client(profile, network);
                ChatRunner runner(profile_.history(), client, profile.id, profile.default_model,
                                  make_cost_estimator(settings));
                runner.on_started = [&conversation_id, &started](std::int64_t id, std::int64_t) {
                    conversation_id = id;
                    started = true;
                };
                if (regenerate_id) {
                    runner.regenerate(options, *regenerate_id, key, *stream_, *cancel_);
                } else {
                    runner.send(options, text, attachments, key, *stream_, *cancel_);
                }
            } catch (const std::exception& e) {
                error = e.what();
            }
            // A message that never reached the history (a full disk) goes back
            // to the composer instead of vanishing with the cleared draft.
            std::string unsent = started || error.empty() ? std::string() : text;
            CallAfter([this, conversation_id, error, unsent = std::move(unsent)] {
                on_reply_finished(conversation_id, error, unsent);
            });
            // After the reply is shown as finished, so that it waits for
            // nothing; a search typed meanwhile waits for the history's lock.
            try {
                profile_.history().index_for_search();
            } catch (const HistoryError&) {
                // The next search tries again, and says why if it fails.
            }
        });
    return true;
}

void MainFrame::show_branch_before(const MessageRecord& message) {
    const auto conversation = profile_.history().load_conversation(message.conversation_id);
    if (!conversation) return;
    auto branch = profile_.history().current_branch(message.conversation_id);
    const auto at =
        std::find_if(branch.begin(), branch.end(), [&](const MessageRecord& m) { return m.id == message.id; });
    branch.erase(at, branch.end());
    transcript_->show(*conversation, branch);
}

void MainFrame::on_switch_branch(const MessageRecord& message, int step) {
    if (busy_ || !current_conversation_) return;
    auto& history = profile_.history();
    const auto conversation = history.load_conversation(*current_conversation_);
    if (!conversation) return;
    const auto target = sibling_at(*conversation, message.id, step);
    if (!target) return;
    history.show_branch(*current_conversation_, *target);
    show_conversation(current_conversation_);
}

void MainFrame::on_switch_branch(int step) {
    if (busy_ || !current_conversation_) return;
    auto& history = profile_.history();
    const auto conversation = history.load_conversation(*current_conversation_);
    if (!conversation) return;
    const auto target = step_shown_branch(*conversation, history.current_branch(*current_conversation_), step);
    if (!target) return;
    history.show_branch(*current_conversation_, *target);
    show_conversation(current_conversation_);
}

void MainFrame::on_import() {
    if (busy_) return;
    if (import_conversations(this, profile_)) reload_conversations();
}

void MainFrame::on_export() {
    if (busy_ || !current_conversation_) return;
    if (const wxString status = export_conversation(this, profile_, *current_conversation_); !status.empty()) {
        SetStatusText(status);
    }
}

// The reply is shown in slices of this many bytes, one per turn of the event
// loop: as it arrives, however fast. A slice waits for a timer, not for
// CallAfter, whose queue wx empties in one go.
constexpr std::size_t kReplySlice = 32 * 1024;

void MainFrame::on_stream_wake() {
    if (!stream_) return;
    bool more = false;
    transcript_->append_reply(stream_->drain(kReplySlice, more));
    if (more) {
        slice_timer_.StartOnce(1);
        return;
    }
    if (after_reply_shown_) std::exchange(after_reply_shown_, nullptr)();
}

void MainFrame::on_reply_finished(std::int64_t conversation_id, const std::string& error, const std::string& unsent) {
    if (worker_.joinable()) worker_.join();
    after_reply_shown_ = [this, conversation_id, error, unsent] { finish_reply(conversation_id, error, unsent); };
    on_stream_wake();
}

void MainFrame::finish_reply(std::int64_t conversation_id, const std::string& error, const std::string& unsent) {
    set_busy(false);
    SetStatusText(error.empty() ? wxString("Ready") : utf8(error));
    composer_->restore(unsent);
    if (conversation_id != 0) current_conversation_ = conversation_id;
    reload_conversations();
    if (current_conversation_) show_conversation(current_conversation_);
    composer_->focus();
    BenchProbe::mark("reply-done");
}

void MainFrame::on_delete_message(const MessageRecord& message) {
    if (busy_ || !current_conversation_ || message.conversation_id != *current_conversation_) return;
    auto& history = profile_.history();
    try {
        const auto conversation = history.load_conversation(message.conversation_id);
        if (!conversation) return;
        if (const std::size_t below = replies_below(*conversation, message.id); below > 0) {
            const wxString question =
                wxString::Format("Delete this message and the %zu %s below it, on every branch? This cannot be undone.",
                                 below, below == 1 ? "message" : "messages");
            if (wxMessageBox(question, "Delete Message", wxYES_NO | wxNO_DEFAULT | wxICON_WARNING, this) != wxYES) {
                return;
            }
        }
        history.delete_message(message.id);
        if (editing_ && !history.find_message(editing_->id)) {
            editing_.reset();
            composer_->clear();
        }
    } catch (const HistoryError& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
        return;
    }
    SetStatusText("Message deleted");
    reload_conversations();
    show_conversation(current_conversation_);
}

void MainFrame::on_stop() {
    if (busy_ && cancel_) {
        cancel_->cancel();
        SetStatusText(utf8("Stopping…"));
    }
}

void MainFrame::on_new_conversation() {
    if (busy_) return;
    current_conversation_.reset();
    editing_.reset();
    conversations_->clear_selection();
    transcript_->clear();
    composer_->focus();
}

void MainFrame::on_delete_conversation() {
    if (busy_ || !current_conversation_) return;
    if (wxMessageBox("Delete this conversation? This cannot be undone.", "Parley", wxYES_NO | wxICON_WARNING, this) !=
        wxYES) {
        return;
    }
    profile_.history().delete_conversation(*current_conversation_);
    on_new_conversation();
    reload_conversations();
}

void MainFrame::on_rename_conversation() {
    if (busy_ || !current_conversation_) return;
    wxTextEntryDialog dialog(this, "New name for this conversation:", "Rename Conversation", utf8(shown_.title));
    if (dialog.ShowModal() != wxID_OK) return;
    const std::string title = dialog.GetValue().utf8_string();
    if (title.find_first_not_of(" \t") == std::string::npos) return;
    change_conversation({.title = title});
}

void MainFrame::change_conversation(const ConversationChange& change) {
    if (busy_ || !current_conversation_) return;
    try {
        profile_.history().update_conversation(*current_conversation_, change);
    } catch (const HistoryError& e) {
        wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_ERROR, this);
        return;
    }
    if (change.title) shown_.title = *change.title;
    if (change.pinned) shown_.pinned = *change.pinned;
    if (change.archived) shown_.archived = *change.archived;
    if (change.archived.value_or(false) && !conversations_->show_archived()) {
        SetStatusText(utf8("Archived: Conversation › Show Archived Conversations lists it again"));
    }
    reload_conversations();
}

void MainFrame::on_copy_conversation() {
    if (wxTheClipboard->Open()) {
        wxTheClipboard->SetData(new wxTextDataObject(transcript_->text()));
        wxTheClipboard->Close();
        SetStatusText("Conversation copied");
    }
}

void MainFrame::on_providers_dialog() {
    ProviderDialog dialog(this, profile_);
    dialog.ShowModal();
    reload_providers();
}

void MainFrame::on_close(wxCloseEvent& event) {
    if (cancel_) cancel_->cancel();
    if (worker_.joinable()) worker_.join();
    event.Skip();
}

}  // namespace parley
