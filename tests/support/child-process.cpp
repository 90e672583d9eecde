#include "child-process.h"

#include "child-process-control.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace parley::test {

struct ChildProcess::Impl {
    Poco::Pipe in_pipe;
    Poco::Pipe out_pipe;
    Poco::Pipe err_pipe;
    std::optional<Poco::ProcessHandle> handle;
    std::thread out_reader;
    std::thread err_reader;
    mutable std::mutex mutex;
    std::condition_variable changed;
    std::string out;
    std::string err;
    bool out_closed = false;
    std::optional<int> exit_code;
    bool stdin_open = true;

    void read_into(Poco::Pipe& pipe, std::string& target, bool is_stdout) {
        char buffer[4096];
        while (true) {
            const int n = pipe.readBytes(buffer, sizeof buffer);
            if (n <= 0) break;
            std::lock_guard lock(mutex);
            target.append(buffer, static_cast<std::size_t>(n));
            changed.notify_all();
        }
        std::lock_guard lock(mutex);
        if (is_stdout) out_closed = true;
        changed.notify_all();
    }
};

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args, const Environment& env)
    : impl_(std::make_unique<Impl>()) {
    Poco::Process::Env poco_env(env.begin(), env.end());
    impl_->handle.emplace(Poco::Process::launch(program, args, std::string(), &impl_->in_pipe, &impl_->out_pipe,
                                                &impl_->err_pipe, poco_env));
    impl_->out_reader = std::thread([impl = impl_.get()] { impl->read_into(impl->out_pipe, impl->out, true); });
    impl_->err_reader = std::thread([impl = impl_.get()] { impl->read_into(impl->err_pipe, impl->err, false); });
}

ChildProcess::~ChildProcess() {
    close_stdin();
    if (!impl_->exit_code) {
        kill_child(*impl_->handle);
        wait();
    }
}

long ChildProcess::pid() const {
    return impl_->handle->id();
}

void ChildProcess::write_stdin(const std::string& data) {
    impl_->in_pipe.writeBytes(data.data(), static_cast<int>(data.size()));
}

void ChildProcess::close_stdin() {
    if (impl_->stdin_open) {
        impl_->in_pipe.close(Poco::Pipe::CLOSE_WRITE);
        impl_->stdin_open = false;
    }
}

bool ChildProcess::wait_for_stdout(std::size_t count, std::chrono::seconds deadline) {
    std::unique_lock lock(impl_->mutex);
    return impl_->changed.wait_for(lock, deadline, [&] { return impl_->out.size() >= count || impl_->out_closed; }) &&
           impl_->out.size() >= count;
}

bool ChildProcess::wait_for_stdout_text(const std::string& text, std::chrono::seconds deadline) {
    std::unique_lock lock(impl_->mutex);
    return impl_->changed.wait_for(lock, deadline, [&] {
        return impl_->out.find(text) != std::string::npos || impl_->out_closed;
    }) && impl_->out.find(text) != std::string::npos;
}

std::string ChildProcess::first_stdout_line(std::chrono::seconds deadline) {
    std::unique_lock lock(impl_->mutex);
    impl_->changed.wait_for(lock, deadline,
                            [&] { return impl_->out.find('\n') != std::string::npos || impl_->out_closed; });
    const auto newline = impl_->out.find('\n');
    if (newline == std::string::npos) return {};
    // Windows programs end their lines with CR LF.
    const auto end = newline > 0 && impl_->out[newline - 1] == '\r' ? newline - 1 : newline;
    return impl_->out.substr(0, end);
}

void ChildProcess::send_signal(int signal_number) {
    signal_child(*impl_->handle, signal_number);
}

int ChildProcess::wait() {
    if (!impl_->exit_code) {
        impl_->exit_code = wait_child(*impl_->handle);
        if (impl_->out_reader.joinable()) impl_->out_reader.join();
        if (impl_->err_reader.joinable()) impl_->err_reader.join();
    }
    return *impl_->exit_code;
}

std::string ChildProcess::out() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->out;
}

std::string ChildProcess::err() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->err;
}

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args, const std::string& input,
                          const Environment& env) {
    ChildProcess child(program, args, env);
    if (!input.empty()) child.write_stdin(input);
    child.close_stdin();
    ProcessResult result;
    result.exit_code = child.wait();
    result.out = child.out();
    result.err = child.err();
    return result;
}

}  // namespace parley::test
