#include "app-icon.h"

#include "app-icon-data.h"

#include <wx/bitmap.h>
#include <wx/icon.h>
#include <wx/image.h>
#include <wx/mstream.h>

namespace parley {

wxIconBundle app_icon_bundle() {
    if (!wxImage::FindHandler(wxBITMAP_TYPE_PNG)) wxImage::AddHandler(new wxPNGHandler);
    wxIconBundle bundle;
    for (const auto& png : app_icon_pngs()) {
        wxMemoryInputStream stream(png.bytes.data(), png.bytes.size());
        const wxImage image(stream, wxBITMAP_TYPE_PNG);
        if (!image.IsOk()) continue;
        wxIcon icon;
        icon.CopyFromBitmap(wxBitmap(image));
        bundle.AddIcon(icon);
    }
    return bundle;
}

}  // namespace parley
