// parley: the desktop app.
#include "app-icon.h"
#include "bench-probe.h"
#include "main-frame.h"
#include "parley-version.h"
#include "platform-services.h"
#include "process-hardening.h"

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/msgdlg.h>
#include <wx/utils.h>

#include <cstdio>
#include <memory>
#include <string_view>

namespace parley {

class ParleyApp final : public wxApp {
public:
    bool OnInit() override {
        SetAppName("Parley");
        SetAppDisplayName("Parley");
        std::optional<std::filesystem::path> home;
        for (int i = 1; i < argc; ++i) {
            const wxString arg = argv[i];
            if (arg == "--home" && i + 1 < argc) home = std::filesystem::path(argv[++i].utf8_string());
        }
        // parley-updater, started from Help › Check for Updates…, works on
        // the same profile.
        if (home) wxSetEnv("PARLEY_HOME", wxString::FromUTF8(home->string()));
        try {
            profile_ = std::make_unique<Profile>(home, native_platform_services());
            auto* frame = new MainFrame(*profile_);
            frame->SetIcons(app_icon_bundle());
            frame->Show();
            probe_ = BenchProbe::start(*frame);
        } catch (const std::exception& e) {
            wxMessageBox(wxString::FromUTF8(e.what()), "Parley cannot start", wxOK | wxICON_ERROR);
            return false;
        }
        return true;
    }

    int OnExit() override {
        probe_.reset();
        profile_.reset();
        return wxApp::OnExit();
    }

private:
    std::unique_ptr<Profile> profile_;
    std::unique_ptr<BenchProbe> probe_;
};

}  // namespace parley

wxIMPLEMENT_APP_NO_MAIN(parley::ParleyApp);

int main(int argc, char** argv) {
    parley::harden_process();
    // Answered before wx starts, so it works without a display.
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--version") {
            std::printf("parley %s\n", PARLEY_VERSION);
            return 0;
        }
    }
    // The app draws nothing with OpenGL, yet GTK 3 on X11 opens the GL driver
    // at start only to rank visuals: with Mesa that maps libLLVM, about 45 MB
    // resident and tens of milliseconds before the window. A value the user
    // set wins; other toolkits ignore the variable.
    if (!wxGetEnv("GDK_GL", nullptr)) wxSetEnv("GDK_GL", "disable");
    return wxEntry(argc, argv);
}
