#pragma once

#include "net/cancel-token.h"

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace parley {

// How far a task is; `total` 0 when unknown (the bar pulses).
struct TaskProgress {
    std::uint64_t done = 0;
    std::uint64_t total = 0;
    std::string text;
};

// What a task's work sees: its cancel token, and a way to report progress.
// report() may be called as often as the work likes: the UI thread gets
// only the latest report, once per turn of its event loop.
class TaskContext {
public:
    virtual ~TaskContext() = default;
    virtual CancelToken& cancel_token() = 0;
    virtual void report(TaskProgress progress) = 0;
};

// The result of a task on the UI thread: its value, or what it threw.
template <typename T>
struct TaskOutcome {
    std::optional<T> value;
    std::exception_ptr error;

    // The error's one line; empty when the work succeeded.
    std::string error_text() const {
        if (!error) return {};
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            return e.what();
        } catch (...) {
            return "unknown error";
        }
    }
    template <typename E>
    bool failed_with() const {
        if (!error) return false;
        try {
            std::rethrow_exception(error);
        } catch (const E&) {
            return true;
        } catch (...) {
            return false;
        }
    }
};

// The one way the desktop app runs long work (import, export, model lists,
// provider tests) off the UI thread. The work runs on a worker thread;
// progress and the outcome come back through wxApp::CallAfter (the app
// outlives every window, and a queued call to a destroyed window would be
// lost or worse), and are delivered only while this object lives. Whoever
// owns it (a window, a view) destroying it cancels the work and waits for
// the worker, so a closed window never receives a call and work that uses
// the profile never outlives it.
class BackgroundTask {
public:
    using Work = std::function<std::function<void()>(TaskContext&)>;

    // `work` returns the continuation to run on the UI thread.
    BackgroundTask(Work work, std::function<void(const TaskProgress&)> on_progress);
    ~BackgroundTask();
    BackgroundTask(const BackgroundTask&) = delete;
    BackgroundTask& operator=(const BackgroundTask&) = delete;

    // Asks the work to stop; its outcome still arrives (usually an error).
    void cancel();
    bool finished() const;

private:
    struct State;
    std::shared_ptr<State> state_;
    std::thread worker_;
};

// Starts `work` on a worker thread; `on_done` gets its outcome on the UI
// thread, and `on_progress` its reports, while the returned task lives.
template <typename T>
std::unique_ptr<BackgroundTask> start_task(std::function<T(TaskContext&)> work,
                                           std::function<void(TaskOutcome<T>)> on_done,
                                           std::function<void(const TaskProgress&)> on_progress = {}) {
    return std::make_unique<BackgroundTask>(
        [work = std::move(work), on_done = std::move(on_done)](TaskContext& context) -> std::function<void()> {
            auto outcome = std::make_shared<TaskOutcome<T>>();
            try {
                outcome->value.emplace(work(context));
            } catch (...) {
                outcome->error = std::current_exception();
            }
            return [on_done, outcome] { on_done(std::move(*outcome)); };
        },
        std::move(on_progress));
}

}  // namespace parley
