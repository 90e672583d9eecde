#include "background-task.h"

#include <wx/app.h>

#include <atomic>
#include <mutex>

namespace parley {

// Shared by the worker, the owner and the calls queued on the UI thread; the
// UI-thread-only fields are touched only there.
struct BackgroundTask::State final : TaskContext {
    CancelToken cancel;
    std::function<void(const TaskProgress&)> on_progress;  // UI thread
    bool alive = true;                                     // UI thread: the owner still holds the task
    std::atomic<bool> done{false};

    std::mutex progress_mutex;  // guards the two below
    std::optional<TaskProgress> pending;
    bool wake_posted = false;

    std::weak_ptr<State> self;

    CancelToken& cancel_token() override { return cancel; }

    void report(TaskProgress progress) override {
        std::lock_guard lock(progress_mutex);
        pending = std::move(progress);
        if (wake_posted) return;
        wake_posted = true;
        wxTheApp->CallAfter([state = self.lock()] { state->deliver_progress(); });
    }

    void deliver_progress() {
        std::optional<TaskProgress> latest;
        {
            std::lock_guard lock(progress_mutex);
            latest.swap(pending);
            wake_posted = false;
        }
        if (alive && latest && on_progress) on_progress(*latest);
    }
};

BackgroundTask::BackgroundTask(Work work, std::function<void(const TaskProgress&)> on_progress)
    : state_(std::make_shared<State>()) {
    state_->on_progress = std::move(on_progress);
    state_->self = state_;
    worker_ = std::thread([state = state_, work = std::move(work)] {
        std::function<void()> continuation = work(*state);
        state->done = true;
        // Progress reported before the end is delivered first: CallAfter
        // keeps the order.
        wxTheApp->CallAfter([state, continuation = std::move(continuation)] {
            if (state->alive) continuation();
        });
    });
}

BackgroundTask::~BackgroundTask() {
    state_->alive = false;
    state_->cancel.cancel();
    if (worker_.joinable()) worker_.join();
}

void BackgroundTask::cancel() {
    state_->cancel.cancel();
}

bool BackgroundTask::finished() const {
    return state_->done;
}

}  // namespace parley
