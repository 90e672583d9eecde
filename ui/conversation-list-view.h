#pragma once

#include "history/history-store.h"

#include <wx/panel.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

class wxListBox;
class wxSearchCtrl;
class wxContextMenuEvent;

namespace parley {

// The left pane: New Conversation, the history search and the list of
// conversations (or, while searching, of the conversations that match).
class ConversationListView final : public wxPanel {
public:
    ConversationListView(wxWindow* parent, HistoryStore& history);

    // Lists the conversations again, `selected` highlighted when listed.
    void reload(std::optional<std::int64_t> selected);
    void set_show_archived(bool show);
    bool show_archived() const { return show_archived_; }
    void clear_selection();
    void focus_search();
    void set_busy(bool busy);

    std::function<void(std::int64_t id)> on_selected;  // also just before its context menu opens
    std::function<void()> on_new;

private:
    void on_context_menu(wxContextMenuEvent& event);

    HistoryStore& history_;
    wxSearchCtrl* search_ = nullptr;
    wxListBox* list_ = nullptr;
    std::vector<std::int64_t> ids_;  // of the rows of list_
    std::optional<std::int64_t> selected_;
    bool show_archived_ = false;
};

}  // namespace parley
