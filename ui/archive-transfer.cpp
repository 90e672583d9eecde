#include "archive-transfer.h"

#include "archive/archive-import.h"
#include "archive/history-export.h"
#include "archive/json-element-stream.h"
#include "archive/markdown-export.h"
#include "archive/parley-archive.h"
#include "task-progress-dialog.h"
#include "util/atomic-file.h"

#include <wx/filedlg.h>
#include <wx/msgdlg.h>

#include <filesystem>
#include <fstream>

namespace parley {

namespace {

wxString utf8(const std::string& text) {
    return wxString::FromUTF8(text.data(), text.size());
}

std::string import_progress_text(const ImportReport& so_far, std::uint64_t bytes, std::uint64_t total) {
    constexpr double mib = 1024.0 * 1024.0;
    char size[64];
    std::snprintf(size, sizeof size, "%.1f of %.1f MB", static_cast<double>(bytes) / mib,
                  static_cast<double>(total) / mib);
    return "Imported " + std::to_string(so_far.conversations) + " conversations (" + std::to_string(so_far.messages) +
           " messages), " + size;
}

}  // namespace

bool import_conversations(wxWindow* parent, Profile& profile) {
    wxFileDialog dialog(parent, "Import conversations", "", "conversations.json",
                        "JSON files (*.json)|*.json|All files|*", wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dialog.ShowModal() != wxID_OK) return false;
    const std::filesystem::path path(dialog.GetPath().utf8_string());
    std::error_code ec;
    const std::uint64_t total = std::filesystem::file_size(path, ec);

    TaskProgressDialog progress(parent, "Importing", "Reading " + dialog.GetFilename() + wxString::FromUTF8("…"));
    HistoryStore& history = profile.history();
    const auto outcome = progress.run<ImportReport>([&history, path, total](TaskContext& task) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw ArchiveError("cannot open " + path.string());
        ImportControl control;
        control.cancel = &task.cancel_token();
        control.on_progress = [&task, total](const ImportReport& so_far, std::uint64_t bytes) {
            task.report({bytes, total, import_progress_text(so_far, bytes, total)});
        };
        return import_archive(history, in, ArchiveFormat::detect, control);
    });
    if (outcome.failed_with<ImportCancelled>()) {
        wxMessageBox("The import was cancelled; nothing was imported.", "Import cancelled", wxOK | wxICON_INFORMATION,
                     parent);
        return false;
    }
    if (!outcome.value) {
        wxMessageBox(utf8(outcome.error_text() + ". Nothing was imported."), "Parley cannot import this file",
                     wxOK | wxICON_ERROR, parent);
        return false;
    }
    const ImportReport& report = *outcome.value;
    wxMessageBox(wxString::Format("Imported %zu conversations (%zu messages); %zu were already here.",
                                  report.conversations, report.messages, report.already_present),
                 "Import finished", wxOK | wxICON_INFORMATION, parent);
    return report.conversations > 0;
}

wxString export_conversation(wxWindow* parent, Profile& profile, std::int64_t conversation_id) {
    wxFileDialog dialog(parent, "Export conversation", "", "conversation.md",
                        "Markdown (*.md)|*.md|JSON, every branch (*.json)|*.json", wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return {};
    const bool json = dialog.GetFilterIndex() == 1;
    const std::filesystem::path path(dialog.GetPath().utf8_string());
    HistoryStore& history = profile.history();
    TaskProgressDialog progress(parent, "Exporting", "Writing " + dialog.GetFilename() + wxString::FromUTF8("…"));
    const auto outcome = progress.run<bool>([&history, conversation_id, json, path](TaskContext&) {
        const auto conversation = history.load_conversation(conversation_id);
        if (!conversation) throw std::runtime_error("the conversation is no longer in the history");
        const std::string text =
            json ? export_conversation_json(*conversation, history).dump(2) + "\n"
                 : export_conversation_markdown(*conversation, history.current_branch(conversation_id));
        write_file_atomically(path, text);
        return true;
    });
    if (!outcome.value) {
        wxMessageBox(utf8(outcome.error_text()), "Parley cannot export", wxOK | wxICON_ERROR, parent);
        return {};
    }
    return "Exported to " + dialog.GetPath();
}

void export_all_conversations(wxWindow* parent, Profile& profile) {
    wxFileDialog dialog(parent, "Export all conversations", "", "parley-conversations.json",
                        "Parley archive (*.json)|*.json", wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    const std::filesystem::path path(dialog.GetPath().utf8_string());
    const HistoryStore& history = profile.history();
    TaskProgressDialog progress(parent, "Exporting", "Writing " + dialog.GetFilename() + wxString::FromUTF8("…"));
    const auto outcome = progress.run<ExportReport>([&history, path](TaskContext& task) {
        ExportControl control;
        control.cancel = &task.cancel_token();
        control.on_progress = [&task](const ExportReport& so_far, std::size_t total) {
            task.report({so_far.conversations, total,
                         "Exported " + std::to_string(so_far.conversations) + " of " + std::to_string(total) +
                             " conversations (" + std::to_string(so_far.messages) + " messages)"});
        };
        return export_history(history, path, control);
    });
    if (outcome.failed_with<ExportCancelled>()) {
        wxMessageBox("The export was cancelled; no file was written.", "Export cancelled", wxOK | wxICON_INFORMATION,
                     parent);
        return;
    }
    if (!outcome.value) {
        wxMessageBox(utf8(outcome.error_text() + ". No file was written."), "Parley cannot export", wxOK | wxICON_ERROR,
                     parent);
        return;
    }
    wxMessageBox(wxString::Format("Exported %zu conversations (%zu messages) to %s.", outcome.value->conversations,
                                  outcome.value->messages, dialog.GetPath()),
                 "Export finished", wxOK | wxICON_INFORMATION, parent);
}

}  // namespace parley
