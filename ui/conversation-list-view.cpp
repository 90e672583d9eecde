#include "conversation-list-view.h"

#include "accessible-name.h"
#include "command-ids.h"
#include "list-row-height.h"
#include "wx-text.h"

#include <algorithm>

#include <wx/button.h>
#include <wx/listbox.h>
#include <wx/menu.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>

namespace parley {

ConversationListView::ConversationListView(wxWindow* parent, HistoryStore& history)
    : wxPanel(parent), history_(history) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* new_button = new wxButton(this, wxID_ANY, "New Conversation");
    search_ = new wxSearchCtrl(this, wxID_ANY);
    search_->SetDescriptiveText("Search history");
    search_->ShowCancelButton(true);
    list_ = new wxListBox(this, wxID_ANY);
    use_uniform_row_height(*list_);
    // A list box's best size measures the text of every row; a set minimum
    // spares the sizers asking for it (the pane sets the width anyway).
    list_->SetMinSize(FromDIP(wxSize(120, 120)));
    set_accessible_name(*search_, "Search history");
    set_accessible_name(*list_, "Conversations");
    sizer->Add(new_button, 0, wxEXPAND | wxALL, 6);
    sizer->Add(search_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 6);
    sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 6);
    SetSizer(sizer);

    new_button->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (on_new) on_new();
    });
    search_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { reload(selected_); });
    search_->Bind(wxEVT_SEARCH_CANCEL, [this](wxCommandEvent&) {
        search_->Clear();
        reload(selected_);
    });
    list_->Bind(wxEVT_CONTEXT_MENU, &ConversationListView::on_context_menu, this);
    list_->Bind(wxEVT_LISTBOX, [this](wxCommandEvent& event) {
        const int index = event.GetSelection();
        if (index < 0 || static_cast<std::size_t>(index) >= ids_.size()) return;
        selected_ = ids_[static_cast<std::size_t>(index)];
        if (on_selected) on_selected(*selected_);
    });
}

void ConversationListView::reload(std::optional<std::int64_t> selected) {
    selected_ = selected;
    list_->Clear();
    ids_.clear();
    const std::string query = search_->GetValue().utf8_string();
    if (query.find_first_not_of(" \t") == std::string::npos) {
        // One call for all the rows: appended one by one, each row costs the
        // native list a round of bookkeeping, which 10,000 conversations feel.
        wxArrayString labels;
        for (const auto& c : history_.list_conversations()) {
            if (c.archived && !show_archived_) continue;
            wxString label = utf8(c.title);
            if (c.pinned) label = utf8("★ ") + label;
            if (c.archived) label += " (archived)";
            labels.Add(label);
            ids_.push_back(c.id);
        }
        if (!labels.empty()) list_->Append(labels);
    } else {
        std::vector<SearchHit> hits;
        try {
            hits = history_.search(query, 200);
        } catch (const HistoryError& e) {
            // Said where the results would be: an empty list would claim that
            // nothing matched. The row has no id, so it cannot be opened.
            list_->Append(utf8(std::string("Search failed: ") + e.what()));
        }
        // One row per conversation, at its best match, with what matched.
        for (const auto& hit : hits) {
            if (std::find(ids_.begin(), ids_.end(), hit.conversation_id) != ids_.end()) continue;
            list_->Append(utf8(hit.conversation_title + " — " + hit.snippet));
            ids_.push_back(hit.conversation_id);
        }
    }
    if (selected_) {
        for (std::size_t i = 0; i < ids_.size(); ++i) {
            if (ids_[i] == *selected_) list_->SetSelection(static_cast<int>(i));
        }
    }
}

void ConversationListView::set_show_archived(bool show) {
    show_archived_ = show;
    reload(selected_);
}

void ConversationListView::clear_selection() {
    selected_.reset();
    list_->SetSelection(wxNOT_FOUND);
}

void ConversationListView::focus_search() {
    search_->SetFocus();
}

void ConversationListView::set_busy(bool busy) {
    list_->Enable(!busy);
}

void ConversationListView::on_context_menu(wxContextMenuEvent& event) {
    // The row under the pointer, or the selected one when the menu key was used.
    wxPoint where = event.GetPosition();
    int row = list_->GetSelection();
    if (where != wxDefaultPosition) {
        where = list_->ScreenToClient(where);
        row = list_->HitTest(where);
    }
    if (row == wxNOT_FOUND || static_cast<std::size_t>(row) >= ids_.size()) return;
    list_->SetSelection(row);
    selected_ = ids_[static_cast<std::size_t>(row)];
    if (on_selected) on_selected(*selected_);
    wxMenu menu;
    menu.Append(id_rename, utf8("Rename…"));
    menu.AppendCheckItem(id_pin, "Pinned");
    menu.AppendCheckItem(id_archive, "Archived");
    menu.AppendSeparator();
    menu.Append(id_delete, utf8("Delete…"));
    // Its commands reach the frame's handlers, and its check marks the
    // frame's update-UI handlers, like the menu bar's.
    list_->PopupMenu(&menu, where);
}

}  // namespace parley
