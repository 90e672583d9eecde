#include "cli-context.h"
#include "history/history-json.h"

#include <iostream>

namespace parley {

namespace {

std::int64_t parse_id(const std::string& text) {
    try {
        std::size_t used = 0;
        const long long id = std::stoll(text, &used);
        if (used == text.size() && id > 0) return id;
    } catch (const std::exception&) {
    }
    throw UsageError("not a conversation id: " + text);
}

int list(CliContext& context, ArgumentList& args) {
    const bool json = args.take_flag("--json");
    args.expect_end();
    const auto conversations = context.profile().history().list_conversations();
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& c : conversations) out.push_back(to_json(c));
        print_json(out);
        return exit_code::ok;
    }
    for (const auto& c : conversations) {
        std::cout << c.id << "\t" << format_timestamp(c.updated_at) << "\t" << c.message_count << " messages\t"
                  << c.title << "\n";
    }
    return exit_code::ok;
}

int show(CliContext& context, ArgumentList& args) {
    const bool json = args.take_flag("--json");
    const std::int64_t id = parse_id(args.require_positional("conversation ID"));
    args.expect_end();
    const auto conversation = context.profile().history().load_conversation(id);
    if (!conversation) {
        std::cerr << "parley-cli: no conversation with id " << id << "\n";
        return exit_code::failure;
    }
    if (json) {
        print_json(to_json(*conversation));
        return exit_code::ok;
    }
    std::cout << "# " << conversation->summary.title << "\n";
    for (const auto& m : context.profile().history().current_branch(id)) {
        std::cout << "\n[" << m.role;
        if (!m.model.empty()) std::cout << " · " << m.model;
        if (m.status != MessageStatus::complete) std::cout << " · " << to_string(m.status);
        std::cout << "]\n" << m.content << "\n";
    }
    return exit_code::ok;
}

int remove(CliContext& context, ArgumentList& args) {
    const std::int64_t id = parse_id(args.require_positional("conversation ID"));
    args.expect_end();
    if (!context.profile().history().delete_conversation(id)) {
        std::cerr << "parley-cli: no conversation with id " << id << "\n";
        return exit_code::failure;
    }
    std::cerr << "Deleted conversation " << id << "\n";
    return exit_code::ok;
}

}  // namespace

int run_history_command(CliContext& context, ArgumentList& args) {
    const std::string verb = args.require_positional("history subcommand (list, show, delete)");
    if (verb == "list") return list(context, args);
    if (verb == "show") return show(context, args);
    if (verb == "delete") return remove(context, args);
    throw UsageError("unknown history subcommand: " + verb);
}

}  // namespace parley
