#include "main-frame.h"

#include "archive/archive-import.h"
#include "archive/markdown-export.h"
#include "archive/parley-archive.h"
#include "chat/code-fences.h"
#include "chat/cost-estimator.h"
#include "chat/image-attachment.h"
#include "history/history-store.h"
#include "license-dialog.h"
#include "provider-dialog.h"
#include "providers/provider-client.h"
#include "update-check.h"
#include "util/atomic-file.h"
#include "vault-passphrase-prompt.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/clipbrd.h>
#include <wx/combobox.h>
#include <wx/filedlg.h>
#include <wx/listbox.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/panel.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/splitter.h>
#include <wx/stattext.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>
#include <wx/textdlg.h>
#include <wx/utils.h>

namespace parley {

namespace {

enum MenuId {
    id_new = wxID_HIGHEST + 1,
    id_delete,
    id_copy_conversation,
    id_providers,
    id_stop,
    id_regenerate,
    id_previous_branch,
    id_next_branch,
    id_import,
    id_export,
    id_find,
    id_rename,
    id_pin,
    id_archive,
    id_show_archived,
    id_license,
    id_check_updates
};

wxString utf8(std::string_view text) { return wxString::FromUTF8(text.data(), text.size()); }

// Heads a reply's reasoning, shown before its answer.
constexpr const char* kThinking = "Thinking\n";

// Position of each message among its siblings (1-based) and their count.
std::map<std::int64_t, std::pair<std::size_t, std::size_t>> sibling_positions(const Conversation& c) {
    std::map<std::optional<std::int64_t>, std::vector<std::int64_t>> children;
    for (const auto& m : c.messages) children[m.parent_id].push_back(m.id);
    std::map<std::int64_t, std::pair<std::size_t, std::size_t>> out;
    for (const auto& [parent, ids] : children) {
        for (std::size_t i = 0; i < ids.size(); ++i) out[ids[i]] = {i + 1, ids.size()};
    }
    return out;
}

wxString role_heading(const MessageRecord& m) {
    wxString heading = m.role == "user" ? wxString("You") : wxString("Assistant");
    if (m.role == "assistant" && !m.model.empty()) heading += utf8(" · " + m.model);
    if (m.status == MessageStatus::interrupted) heading += utf8(" · interrupted");
    if (m.status == MessageStatus::error) heading += utf8(" · error");
    return heading;
}

}  // namespace

MainFrame::MainFrame(Profile& profile)
    : wxFrame(nullptr, wxID_ANY, "Parley", wxDefaultPosition, wxSize(1000, 700)), profile_(profile) {
    build_menu();
    build_layout();
    CreateStatusBar();
    reload_providers();
    reload_conversations();
    Bind(wxEVT_CLOSE_WINDOW, &MainFrame::on_close, this);
    // Escape stops a streaming reply wherever the focus is.
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& event) {
        if (event.GetKeyCode() == WXK_ESCAPE && busy_) {
            on_stop();
            return;
        }
        event.Skip();
    });
    composer_->SetFocus();
    // After the window is up: it never waits for the license service.
    CallAfter([this] { license_check_ = std::make_unique<StartupLicenseCheck>(this, profile_); });
    CallAfter([this] { update_check_ = std::make_unique<StartupUpdateCheck>(this, profile_); });
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
    file->Append(id_import, utf8("&Import Conversations…"));
    file->Append(id_export, utf8("&Export Conversation…\tCtrl+E"));
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
    auto* conversation = new wxMenu;
    conversation->Append(id_rename, utf8("&Rename…\tF2"));
    conversation->AppendCheckItem(id_pin, "&Pinned\tCtrl+Shift+P");
    conversation->AppendCheckItem(id_archive, "&Archived\tCtrl+Shift+E");
    conversation->AppendSeparator();
    conversation->AppendCheckItem(id_show_archived, "&Show Archived Conversations");
    auto* bar = new wxMenuBar;
    bar->Append(file, "&File");
    bar->Append(edit, "&Edit");
    bar->Append(conversation, "&Conversation");
    auto* help = new wxMenu;
    help->Append(id_license, utf8("&License…"));
    help->Append(id_check_updates, utf8("Check for &Updates…"));
    bar->Append(help, "&Help");
    SetMenuBar(bar);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_new_conversation(); }, id_new);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_delete_conversation(); }, id_delete);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_copy_conversation(); }, id_copy_conversation);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_providers_dialog(); }, id_providers);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_stop(); }, id_stop);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_regenerate(); }, id_regenerate);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_switch_branch(-1); }, id_previous_branch);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_switch_branch(+1); }, id_next_branch);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_import(); }, id_import);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_export(); }, id_export);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { search_->SetFocus(); }, id_find);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { on_rename_conversation(); }, id_rename);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { change_conversation({.pinned = !shown_.pinned}); }, id_pin);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { change_conversation({.archived = !shown_.archived}); }, id_archive);
    Bind(wxEVT_MENU, [this](wxCommandEvent& event) {
        show_archived_ = event.IsChecked();
        reload_conversations();
    }, id_show_archived);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { LicenseDialog(this, profile_).ShowModal(); }, id_license);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { UpdateDialog(this).ShowModal(); }, id_check_updates);
    Bind(wxEVT_MENU, [this](wxCommandEvent&) { Close(); }, wxID_EXIT);
    // The menu's check marks follow the shown conversation.
    for (const int id : {id_rename, id_pin, id_archive, id_delete}) {
        Bind(wxEVT_UPDATE_UI, [this, id](wxUpdateUIEvent& event) {
            event.Enable(current_conversation_.has_value() && !busy_);
            if (id == id_pin) event.Check(current_conversation_ && shown_.pinned);
            if (id == id_archive) event.Check(current_conversation_ && shown_.archived);
        }, id);
    }
}

void MainFrame::build_layout() {
    auto* splitter = new wxSplitterWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxSP_LIVE_UPDATE);

    auto* left = new wxPanel(splitter);
    auto* left_sizer = new wxBoxSizer(wxVERTICAL);
    auto* new_button = new wxButton(left, wxID_ANY, "New Conversation");
    search_ = new wxSearchCtrl(left, wxID_ANY);
    search_->SetDescriptiveText("Search history");
    search_->ShowCancelButton(true);
    conversations_ = new wxListBox(left, wxID_ANY);
    left_sizer->Add(new_button, 0, wxEXPAND | wxALL, 6);
    left_sizer->Add(search_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 6);
    left_sizer->Add(conversations_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 6);
    left->SetSizer(left_sizer);

    auto* right = new wxPanel(splitter);
    auto* right_sizer = new wxBoxSizer(wxVERTICAL);
    auto* picker = new wxBoxSizer(wxHORIZONTAL);
    provider_choice_ = new wxChoice(right, wxID_ANY);
    model_box_ = new wxComboBox(right, wxID_ANY);
    picker->Add(new wxStaticText(right, wxID_ANY, "Provider"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    picker->Add(provider_choice_, 1, wxRIGHT, 12);
    picker->Add(new wxStaticText(right, wxID_ANY, "Model"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    picker->Add(model_box_, 2);
    transcript_ = new wxTextCtrl(right, wxID_ANY, "", wxDefaultPosition, wxDefaultSize,
                                 wxTE_MULTILINE | wxTE_READONLY | wxTE_RICH2 | wxTE_WORDWRAP);
    transcript_->SetName("transcript");
    composer_ = new wxTextCtrl(right, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 80), wxTE_MULTILINE | wxTE_WORDWRAP);
    composer_->SetName("composer");
    composer_->SetHint("Message (Enter sends, Shift+Enter adds a line)");
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    attach_button_ = new wxButton(right, wxID_ANY, utf8("Attach Image…"));
    attachments_label_ = new wxStaticText(right, wxID_ANY, "");
    send_button_ = new wxButton(right, wxID_ANY, "Send");
    stop_button_ = new wxButton(right, wxID_ANY, "Stop");
    stop_button_->Disable();
    buttons->Add(attach_button_, 0, wxRIGHT, 6);
    buttons->Add(attachments_label_, 0, wxALIGN_CENTER_VERTICAL);
    buttons->AddStretchSpacer();
    buttons->Add(stop_button_, 0, wxRIGHT, 6);
    buttons->Add(send_button_, 0);
    right_sizer->Add(picker, 0, wxEXPAND | wxALL, 6);
    right_sizer->Add(transcript_, 1, wxEXPAND | wxLEFT | wxRIGHT, 6);
    right_sizer->Add(composer_, 0, wxEXPAND | wxALL, 6);
    right_sizer->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 6);
    right->SetSizer(right_sizer);

    splitter->SplitVertically(left, right, 260);
    splitter->SetMinimumPaneSize(160);

    new_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_new_conversation(); });
    send_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_send(); });
    attach_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_attach(); });
    stop_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { on_stop(); });
    composer_->Bind(wxEVT_KEY_DOWN, &MainFrame::on_composer_key, this);
    provider_choice_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { on_provider_changed(); });
    search_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { reload_conversations(); });
    search_->Bind(wxEVT_SEARCH_CANCEL, [this](wxCommandEvent&) {
        search_->Clear();
        reload_conversations();
    });
    conversations_->Bind(wxEVT_CONTEXT_MENU, &MainFrame::on_conversation_menu, this);
    conversations_->Bind(wxEVT_LISTBOX, [this](wxCommandEvent& event) {
        const int index = event.GetSelection();
        if (index >= 0 && static_cast<std::size_t>(index) < conversation_ids_.size()) {
            show_conversation(conversation_ids_[static_cast<std::size_t>(index)]);
        }
    });
}

void MainFrame::reload_providers() {
    const wxString previous = provider_choice_->GetStringSelection();
    provider_choice_->Clear();
    const auto providers = profile_.settings().providers();
    for (const auto& p : providers) provider_choice_->Append(utf8(p.id));
    if (providers.empty()) {
        SetStatusText(utf8("No provider yet: add one in File › Providers and Keys"));
        return;
    }
    int selection = previous.empty() ? wxNOT_FOUND : provider_choice_->FindString(previous);
    if (selection == wxNOT_FOUND) {
        const auto fallback = profile_.settings().default_provider();
        selection = fallback ? provider_choice_->FindString(utf8(fallback->id)) : 0;
    }
    provider_choice_->SetSelection(selection == wxNOT_FOUND ? 0 : selection);
    on_provider_changed();
}

void MainFrame::on_provider_changed() {
    const auto profile = profile_.settings().provider(provider_choice_->GetStringSelection().utf8_string());
    model_box_->Clear();
    if (!profile) return;
    if (!profile->default_model.empty()) model_box_->Append(utf8(profile->default_model));
    model_box_->SetValue(utf8(profile->default_model));
}

void MainFrame::reload_conversations() {
    conversations_->Clear();
    conversation_ids_.clear();
    const std::string query = search_->GetValue().utf8_string();
    if (query.find_first_not_of(" \t") == std::string::npos) {
        for (const auto& c : profile_.history().list_conversations()) {
            if (c.archived && !show_archived_) continue;
            wxString label = utf8(c.title);
            if (c.pinned) label = utf8("★ ") + label;
            if (c.archived) label += " (archived)";
            conversations_->Append(label);
            conversation_ids_.push_back(c.id);
        }
    } else {
        std::vector<SearchHit> hits;
        try {
            hits = profile_.history().search(query, 200);
        } catch (const HistoryError&) {
        }
        // One row per conversation, at its best match, with what matched.
        for (const auto& hit : hits) {
            if (std::find(conversation_ids_.begin(), conversation_ids_.end(), hit.conversation_id) !=
                conversation_ids_.end())
                continue;
            conversations_->Append(utf8(hit.conversation_title + " — " + hit.snippet));
            conversation_ids_.push_back(hit.conversation_id);
        }
    }
    if (current_conversation_) {
        for (std::size_t i = 0; i < conversation_ids_.size(); ++i) {
            if (conversation_ids_[i] == *current_conversation_) conversations_->SetSelection(static_cast<int>(i));
        }
    }
}

void MainFrame::show_conversation(std::optional<std::int64_t> id) {
    current_conversation_ = id;
    transcript_->Clear();
    if (!id) return;
    const auto conversation = profile_.history().load_conversation(*id);
    if (!conversation) return;
    shown_ = conversation->summary;
    const auto positions = sibling_positions(*conversation);
    transcript_->Freeze();
    for (const auto& m : profile_.history().current_branch(*id)) {
        wxString heading = role_heading(m);
        if (const auto [index, count] = positions.at(m.id); count > 1) {
            heading += wxString::Format(utf8(" · branch %zu of %zu"), index, count);
        }
        if (!transcript_->IsEmpty()) append_transcript("\n\n");
        append_transcript(heading + "\n", TextStyle::heading);
        if (!m.reasoning.empty()) append_transcript(kThinking + utf8(m.reasoning) + "\n\n", TextStyle::reasoning);
        for (const auto& segment : split_code_fences(m.content)) {
            append_transcript(utf8(segment.text), segment.code ? TextStyle::code : TextStyle::normal);
        }
        if (!m.error.empty()) append_transcript("\n[" + utf8(m.error) + "]");
    }
    transcript_->Thaw();
    transcript_->ShowPosition(transcript_->GetLastPosition());
}

void MainFrame::append_transcript(const wxString& text, TextStyle style) {
    // Headings in bold, reasoning in the platform's colour for secondary
    // text, code in a fixed-width font.
    wxTextAttr attr(style == TextStyle::reasoning ? wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT)
                                                  : transcript_->GetForegroundColour());
    const wxFont font = transcript_->GetFont();
    switch (style) {
        case TextStyle::heading: attr.SetFont(font.Bold()); break;
        case TextStyle::code:
            attr.SetFont(wxFont(wxFontInfo(font.GetFractionalPointSize()).Family(wxFONTFAMILY_TELETYPE)));
            break;
        case TextStyle::normal:
        case TextStyle::reasoning: attr.SetFont(font); break;
    }
    transcript_->SetDefaultStyle(attr);
    transcript_->AppendText(text);
}

void MainFrame::on_composer_key(wxKeyEvent& event) {
    const bool enter = event.GetKeyCode() == WXK_RETURN || event.GetKeyCode() == WXK_NUMPAD_ENTER;
    if (enter && !event.ShiftDown()) {
        on_send();
        return;
    }
    event.Skip();
}

void MainFrame::set_busy(bool busy) {
    busy_ = busy;
    send_button_->Enable(!busy);
    stop_button_->Enable(busy);
    attach_button_->Enable(!busy);
    provider_choice_->Enable(!busy);
    model_box_->Enable(!busy);
    conversations_->Enable(!busy);
}

void MainFrame::on_send() {
    if (busy_) return;
    const std::string text = composer_->GetValue().utf8_string();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return;
    if (start_reply(text, std::nullopt)) {
        composer_->Clear();
        pending_attachments_.clear();
        attachments_label_->SetLabel("");
    }
}

void MainFrame::on_attach() {
    wxFileDialog dialog(this, "Attach images", "", "", "Images (*.png;*.jpg;*.jpeg;*.gif;*.webp)|*.png;*.jpg;*.jpeg;*.gif;*.webp",
                        wxFD_OPEN | wxFD_FILE_MUST_EXIST | wxFD_MULTIPLE);
    if (dialog.ShowModal() != wxID_OK) return;
    wxArrayString paths;
    dialog.GetPaths(paths);
    for (const auto& path : paths) {
        try {
            pending_attachments_.push_back(load_image_attachment(std::filesystem::path(path.utf8_string())));
        } catch (const AttachmentError& e) {
            wxMessageBox(utf8(e.what()), "Parley", wxOK | wxICON_WARNING, this);
        }
    }
    std::string names;
    for (const auto& a : pending_attachments_) names += (names.empty() ? "" : ", ") + a.name;
    attachments_label_->SetLabel(utf8(names));
    Layout();
}

void MainFrame::on_regenerate() {
    if (busy_ || !current_conversation_) return;
    const auto branch = profile_.history().current_branch(*current_conversation_);
    const auto last_reply = std::find_if(branch.rbegin(), branch.rend(),
                                         [](const MessageRecord& m) { return m.role == "assistant"; });
    if (last_reply == branch.rend()) return;
    start_reply("", last_reply->id);
}

bool MainFrame::start_reply(const std::string& text, std::optional<std::int64_t> regenerate_id) {
    if (!license_allows_chat(this, profile_)) return false;
    const auto profile = profile_.settings().provider(provider_choice_->GetStringSelection().utf8_string());
    if (!profile) {
        wxMessageBox(utf8("Add a provider first (File › Providers and Keys)."), "Parley", wxOK | wxICON_INFORMATION, this);
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
    options.model = model_box_->GetValue().utf8_string();
    set_busy(true);
    SetStatusText(utf8("Waiting for " + profile->id + "…"));

    if (regenerate_id) {
        show_conversation(current_conversation_);
        append_transcript("\n\n");
    } else {
        if (!current_conversation_) transcript_->Clear();
        if (!transcript_->IsEmpty()) append_transcript("\n\n");
        append_transcript("You\n", TextStyle::heading);
        append_transcript(utf8(text) + "\n\n");
    }
    append_transcript("Assistant · " + utf8(options.model.empty() ? profile->default_model : options.model) + "\n",
                      TextStyle::heading);

    stream_ = std::make_unique<ReplyStream>([this] { CallAfter(&MainFrame::on_stream_wake); });
    reply_thinking_ = false;
    cancel_ = std::make_unique<CancelToken>();
    if (worker_.joinable()) worker_.join();
    // The worker gets its own copy of the settings: the UI thread may edit them meanwhile.
    worker_ = std::thread([this, profile = *profile, options, text, regenerate_id, attachments = pending_attachments_,
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
    });
    return true;
}

void MainFrame::on_switch_branch(int step) {
    if (busy_ || !current_conversation_) return;
    auto& history = profile_.history();
    const auto conversation = history.load_conversation(*current_conversation_);
    if (!conversation) return;
    const auto branch = history.current_branch(*current_conversation_);
    // The deepest message of the shown branch that has alternatives.
    for (auto m = branch.rbegin(); m != branch.rend(); ++m) {
        std::vector<std::int64_t> siblings;
        for (const auto& other : conversation->messages) {
            if (other.parent_id == m->parent_id) siblings.push_back(other.id);
        }
        if (siblings.size() < 2) continue;
        const auto at = std::find(siblings.begin(), siblings.end(), m->id) - siblings.begin();
        const auto next = at + step;
        if (next < 0 || next >= static_cast<long>(siblings.size())) return;
        history.show_branch(*current_conversation_, siblings[static_cast<std::size_t>(next)]);
        show_conversation(current_conversation_);
        return;
    }
}

void MainFrame::on_import() {
    if (busy_) return;
    wxFileDialog dialog(this, "Import conversations", "", "conversations.json",
                        "JSON files (*.json)|*.json|All files|*", wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return;
    std::ifstream in(std::filesystem::path(dialog.GetPath().utf8_string()), std::ios::binary);
    try {
        const wxBusyCursor busy;
        const ImportReport report = import_archive(profile_.history(), in, ArchiveFormat::detect);
        reload_conversations();
        wxMessageBox(wxString::Format("Imported %zu conversations (%zu messages); %zu were already here.",
                                      report.conversations, report.messages, report.already_present),
                     "Parley", wxOK | wxICON_INFORMATION, this);
    } catch (const std::exception& e) {
        wxMessageBox(utf8(std::string(e.what()) + ". Nothing was imported."), "Parley cannot import this file",
                     wxOK | wxICON_ERROR, this);
    }
}

void MainFrame::on_export() {
    if (!current_conversation_) return;
    wxFileDialog dialog(this, "Export conversation", "", "conversation.md",
                        "Markdown (*.md)|*.md|JSON, every branch (*.json)|*.json", wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    auto& history = profile_.history();
    const auto conversation = history.load_conversation(*current_conversation_);
    if (!conversation) return;
    try {
        const std::string text = dialog.GetFilterIndex() == 1
                                     ? export_conversation_json(*conversation, history).dump(2) + "\n"
                                     : export_conversation_markdown(*conversation, history.current_branch(*current_conversation_));
        write_file_atomically(std::filesystem::path(dialog.GetPath().utf8_string()), text);
        SetStatusText("Exported to " + dialog.GetPath());
    } catch (const std::exception& e) {
        wxMessageBox(utf8(e.what()), "Parley cannot export", wxOK | wxICON_ERROR, this);
    }
}

void MainFrame::on_stream_wake() {
    if (!stream_) return;
    for (const auto& piece : stream_->drain()) {
        if (piece.reasoning && !reply_thinking_) {
            append_transcript(kThinking, TextStyle::reasoning);
        } else if (!piece.reasoning && reply_thinking_) {
            append_transcript("\n\n");
        }
        reply_thinking_ = piece.reasoning;
        append_transcript(utf8(piece.text), piece.reasoning ? TextStyle::reasoning : TextStyle::normal);
    }
}

void MainFrame::on_reply_finished(std::int64_t conversation_id, const std::string& error, const std::string& unsent) {
    if (worker_.joinable()) worker_.join();
    on_stream_wake();
    set_busy(false);
    SetStatusText(error.empty() ? wxString("Ready") : utf8(error));
    if (!unsent.empty() && composer_->IsEmpty()) composer_->ChangeValue(utf8(unsent));
    if (conversation_id != 0) current_conversation_ = conversation_id;
    reload_conversations();
    if (current_conversation_) show_conversation(current_conversation_);
    composer_->SetFocus();
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
    conversations_->SetSelection(wxNOT_FOUND);
    transcript_->Clear();
    composer_->SetFocus();
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
    if (change.archived.value_or(false) && !show_archived_) {
        SetStatusText(utf8("Archived: Conversation › Show Archived Conversations lists it again"));
    }
    reload_conversations();
}

void MainFrame::on_conversation_menu(wxContextMenuEvent& event) {
    if (busy_) return;
    // The row under the pointer, or the selected one when the menu key was used.
    wxPoint where = event.GetPosition();
    int row = conversations_->GetSelection();
    if (where != wxDefaultPosition) {
        where = conversations_->ScreenToClient(where);
        row = conversations_->HitTest(where);
    }
    if (row == wxNOT_FOUND || static_cast<std::size_t>(row) >= conversation_ids_.size()) return;
    conversations_->SetSelection(row);
    show_conversation(conversation_ids_[static_cast<std::size_t>(row)]);
    wxMenu menu;
    menu.Append(id_rename, utf8("Rename…"));
    menu.AppendCheckItem(id_pin, "Pinned");
    menu.AppendCheckItem(id_archive, "Archived");
    menu.AppendSeparator();
    menu.Append(id_delete, utf8("Delete…"));
    // Its commands reach the frame's handlers, and its check marks the
    // frame's update-UI handlers, like the menu bar's.
    conversations_->PopupMenu(&menu, where);
}

void MainFrame::on_copy_conversation() {
    if (wxTheClipboard->Open()) {
        wxTheClipboard->SetData(new wxTextDataObject(transcript_->GetValue()));
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
