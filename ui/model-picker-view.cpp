#include "model-picker-view.h"

#include "wx-text.h"

#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace parley {

ModelPickerView::ModelPickerView(wxWindow* parent, const Settings& settings) : wxPanel(parent), settings_(settings) {
    auto* sizer = new wxBoxSizer(wxHORIZONTAL);
    provider_ = new wxChoice(this, wxID_ANY);
    model_ = new wxComboBox(this, wxID_ANY);
    sizer->Add(new wxStaticText(this, wxID_ANY, "Provider"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    sizer->Add(provider_, 1, wxRIGHT, 12);
    sizer->Add(new wxStaticText(this, wxID_ANY, "Model"), 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
    sizer->Add(model_, 2);
    SetSizer(sizer);
    provider_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { on_provider_changed(); });
}

bool ModelPickerView::reload() {
    const wxString previous = provider_->GetStringSelection();
    provider_->Clear();
    const auto providers = settings_.providers();
    for (const auto& p : providers) provider_->Append(utf8(p.id));
    if (providers.empty()) return false;
    int selection = previous.empty() ? wxNOT_FOUND : provider_->FindString(previous);
    if (selection == wxNOT_FOUND) {
        const auto fallback = settings_.default_provider();
        selection = fallback ? provider_->FindString(utf8(fallback->id)) : 0;
    }
    provider_->SetSelection(selection == wxNOT_FOUND ? 0 : selection);
    on_provider_changed();
    return true;
}

std::string ModelPickerView::provider_id() const {
    return provider_->GetStringSelection().utf8_string();
}

std::string ModelPickerView::model() const {
    return model_->GetValue().utf8_string();
}

void ModelPickerView::set_busy(bool busy) {
    provider_->Enable(!busy);
    model_->Enable(!busy);
}

void ModelPickerView::on_provider_changed() {
    const auto profile = settings_.provider(provider_id());
    model_->Clear();
    if (!profile) return;
    if (!profile->default_model.empty()) model_->Append(utf8(profile->default_model));
    model_->SetValue(utf8(profile->default_model));
}

}  // namespace parley
