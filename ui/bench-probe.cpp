#include "bench-probe.h"

#include <wx/app.h>
#include <wx/event.h>
#include <wx/window.h>

#include <chrono>
#include <cinttypes>
#include <cstdlib>

namespace parley {

namespace {

std::int64_t wall_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Sees every event the app processes; notes a conversation chosen in a list.
class SelectionFilter final : public wxEventFilter {
public:
    int FilterEvent(wxEvent& event) override {
        if (event.GetEventType() == wxEVT_LISTBOX) BenchProbe::mark("select");
        return Event_Skip;
    }
};

SelectionFilter selection_filter;

constexpr auto kBeatPeriod = std::chrono::milliseconds(5);

}  // namespace

BenchProbe* BenchProbe::active_ = nullptr;

std::unique_ptr<BenchProbe> BenchProbe::start(wxWindow& frame) {
    const char* path = std::getenv("PARLEY_BENCH_PROBE");
    if (path == nullptr || *path == '\0') return nullptr;
    std::FILE* out = std::fopen(path, "a");
    if (out == nullptr) return nullptr;
    std::setvbuf(out, nullptr, _IOLBF, 0);
    std::unique_ptr<BenchProbe> probe(new BenchProbe(out));
    active_ = probe.get();
    wxEvtHandler::AddFilter(&selection_filter);
    on_window_painted(frame, &BenchProbe::on_painted);
    return probe;
}

BenchProbe::BenchProbe(std::FILE* out) : out_(out) {}

BenchProbe::~BenchProbe() {
    stop_ = true;
    if (heartbeat_.joinable()) heartbeat_.join();
    wxEvtHandler::RemoveFilter(&selection_filter);
    active_ = nullptr;
    std::fclose(out_);
}

void BenchProbe::write(const char* name) {
    std::fprintf(out_, "%s %" PRId64 " %" PRId64 "\n", name, wall_ns(), this_thread_cpu_ns());
}

void BenchProbe::on_painted() {
    BenchProbe* self = active_;
    if (self == nullptr) return;
    self->write("paint");
    if (self->ready_) return;
    self->ready_ = true;
    wxTheApp->CallAfter([self] {
        if (active_ != self) return;
        self->write("ready");
        self->heartbeat_ = std::thread([self] { self->beat(); });
    });
}

void BenchProbe::on_beat(std::int64_t posted) {
    if (active_ == nullptr) return;
    std::fprintf(active_->out_, "beat %" PRId64 " %" PRId64 "\n", posted, (wall_ns() - posted) / 1000);
}

// Posts probe events every period, whether or not the last was answered:
// a stall shows in every probe that waited behind it, as a user's click would.
void BenchProbe::beat() {
    auto next = std::chrono::steady_clock::now();
    while (!stop_) {
        const std::int64_t posted = wall_ns();
        post_like_input(&BenchProbe::on_beat, posted);
        wxTheApp->CallAfter([this, posted] {
            if (active_ != this) return;
            std::fprintf(out_, "queue %" PRId64 " %" PRId64 "\n", posted, (wall_ns() - posted) / 1000);
        });
        next += kBeatPeriod;
        std::this_thread::sleep_until(next);
    }
}

}  // namespace parley
