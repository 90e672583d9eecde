#include "archive/archive-import.h"
#include "archive/history-export.h"
#include "archive/json-element-stream.h"
#include "archive/markdown-export.h"
#include "archive/parley-archive.h"
#include "cli-context.h"
#include "history/branch-navigation.h"
#include "history/history-json.h"
#include "interrupt-signals.h"
#include "terminal-output.h"
#include "util/atomic-file.h"

#include <algorithm>
#include <fstream>
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
    const bool all = args.take_flag("--all");
    args.expect_end();
    auto conversations = context.profile().history().list_conversations();
    // Archived conversations stay out of the way unless asked for.
    const auto archived = std::count_if(conversations.begin(), conversations.end(),
                                        [](const ConversationSummary& c) { return c.archived; });
    if (!all) std::erase_if(conversations, [](const ConversationSummary& c) { return c.archived; });
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& c : conversations) out.push_back(to_json(c));
        print_json(out);
        return exit_code::ok;
    }
    for (const auto& c : conversations) {
        std::cout << c.id << "\t" << format_timestamp(c.updated_at) << "\t" << c.message_count << " messages\t"
                  << (c.pinned ? "[pinned] " : "") << (c.archived ? "[archived] " : "") << c.title << "\n";
    }
    if (!all && archived > 0) std::cerr << archived << " archived, not shown: history list --all\n";
    return exit_code::ok;
}

int change(CliContext& context, ArgumentList& args, const std::string& verb) {
    const std::int64_t id = parse_id(args.require_positional("conversation ID"));
    ConversationChange change;
    std::string done;
    if (verb == "rename") {
        std::string title;
        while (const auto word = args.next_positional()) title += (title.empty() ? "" : " ") + *word;
        if (title.find_first_not_of(" \t") == std::string::npos) throw UsageError("history rename needs a TITLE");
        change.title = title;
        done = "Renamed";
    } else if (verb == "pin" || verb == "unpin") {
        change.pinned = verb == "pin";
        done = verb == "pin" ? "Pinned" : "Unpinned";
    } else {
        change.archived = verb == "archive";
        done = verb == "archive" ? "Archived" : "Unarchived";
    }
    args.expect_end();
    if (!context.profile().history().update_conversation(id, change)) {
        std::cerr << "parley-cli: no conversation with id " << id << "\n";
        return exit_code::failure;
    }
    std::cerr << done << " conversation " << id << "\n";
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

void warn_if_left_in_log(DeleteOutcome outcome) {
    if (outcome == DeleteOutcome::deleted_text_left_in_log) {
        std::cerr << "parley-cli: warning: another Parley window is reading the history, so the deleted text may "
                     "remain in the write-ahead log (history.db-wal) until that window closes\n";
    }
}

int remove(CliContext& context, ArgumentList& args) {
    const std::int64_t id = parse_id(args.require_positional("conversation ID"));
    args.expect_end();
    const DeleteOutcome outcome = context.profile().history().delete_conversation(id);
    if (outcome == DeleteOutcome::not_found) {
        std::cerr << "parley-cli: no conversation with id " << id << "\n";
        return exit_code::failure;
    }
    std::cerr << "Deleted conversation " << id << "\n";
    warn_if_left_in_log(outcome);
    return exit_code::ok;
}

// One message and everything below it, on every branch, as the desktop
// app's Delete Message: for a secret pasted by mistake, or a reply not worth
// keeping, without losing the rest of the conversation.
int remove_message(CliContext& context, ArgumentList& args) {
    const std::int64_t id = parse_id(args.require_positional("message ID"));
    args.expect_end();
    auto& history = context.profile().history();
    const auto message = history.find_message(id);
    const auto conversation = message ? history.load_conversation(message->conversation_id) : std::nullopt;
    if (!conversation) {
        std::cerr << "parley-cli: no message with id " << id << "\n";
        return exit_code::failure;
    }
    const std::size_t below = replies_below(*conversation, id);
    const DeleteOutcome outcome = history.delete_message(id);
    std::cerr << "Deleted message " << id;
    if (below > 0) std::cerr << " and the " << below << (below == 1 ? " message" : " messages") << " below it";
    std::cerr << " from conversation " << conversation->summary.id << "\n";
    warn_if_left_in_log(outcome);
    return exit_code::ok;
}

int search(CliContext& context, ArgumentList& args) {
    const bool json = args.take_flag("--json");
    const auto limit = args.take_value("--limit");
    std::string query;
    while (const auto word = args.next_positional()) query += (query.empty() ? "" : " ") + *word;
    args.expect_end();
    if (query.empty()) throw UsageError("history search needs a QUERY");
    int count = 20;
    if (limit) {
        try {
            count = std::stoi(*limit);
        } catch (const std::exception&) {
            count = 0;
        }
        if (count < 1) throw UsageError("--limit must be a positive number");
    }
    const auto hits = context.profile().history().search(query, count);
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& hit : hits) {
            out.push_back({{"conversation_id", hit.conversation_id},
                           {"conversation_title", hit.conversation_title},
                           {"message_id", hit.message_id},
                           {"role", hit.role},
                           {"snippet", hit.snippet},
                           {"score", hit.score},
                           {"created_at", format_timestamp(hit.created_at)}});
        }
        print_json(out);
        return exit_code::ok;
    }
    if (hits.empty()) std::cerr << "No messages match.\n";
    for (const auto& hit : hits) {
        std::cout << hit.conversation_id << "\t" << hit.conversation_title << "\t" << hit.role << ": " << hit.snippet
                  << "\n";
    }
    return exit_code::ok;
}

// Every conversation, archived ones too, as one Parley archive that `history
// import` reads back: a backup. The file is replaced whole once written, so an
// interrupted export leaves the one before it as it was.
int export_all_conversations(CliContext& context, const std::optional<std::string>& format,
                             const std::optional<std::string>& output) {
    if (format && *format != "json") throw UsageError("history export --all writes JSON (a Parley archive) only");
    if (!output) throw UsageError("history export --all needs -o FILE");
    CancelToken cancel;
    const ScopedInterruptHandler interrupt([&cancel](int) { cancel.cancel(); });
    ExportControl control;
    control.cancel = &cancel;
    try {
        const ExportReport report = export_history(context.profile().history(), *output, control);
        std::cerr << "Exported " << report.conversations << " conversations (" << report.messages << " messages) to "
                  << *output << "\n";
    } catch (const ExportCancelled& e) {
        std::cerr << "parley-cli: " << e.what() << "\n";
        return exit_code::interrupted;
    }
    return exit_code::ok;
}

int export_conversation(CliContext& context, ArgumentList& args) {
    const auto format = args.take_value("--format");
    const auto output = args.take_value("-o", "--output");
    if (args.take_flag("--all")) {
        args.expect_end();
        return export_all_conversations(context, format, output);
    }
    const std::int64_t id = parse_id(args.require_positional("conversation ID"));
    args.expect_end();
    if (!format || (*format != "markdown" && *format != "json")) {
        throw UsageError("history export needs --format markdown or --format json");
    }
    auto& history = context.profile().history();
    const auto conversation = history.load_conversation(id);
    if (!conversation) {
        std::cerr << "parley-cli: no conversation with id " << id << "\n";
        return exit_code::failure;
    }
    const std::string text = *format == "json" ? export_conversation_json(*conversation, history).dump(2) + "\n"
                                               : export_conversation_markdown(*conversation, history.current_branch(id));
    if (output) {
        write_file_atomically(*output, text);
        std::cerr << "Exported conversation " << id << " to " << *output << "\n";
    } else if (*format == "json") {
        write_machine_output(text);
    } else {
        std::cout << text;
    }
    return exit_code::ok;
}

int import_archive_file(CliContext& context, ArgumentList& args) {
    const auto from = args.take_value("--from");
    const bool json = args.take_flag("--json");
    const std::string path = args.require_positional("archive FILE");
    args.expect_end();
    ArchiveFormat format = ArchiveFormat::detect;
    if (from) {
        const auto parsed = parse_archive_format(*from);
        if (!parsed) throw UsageError("--from must be chatgpt, claude or parley");
        format = *parsed;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "parley-cli: cannot read " << path << "\n";
        return exit_code::failure;
    }
    ImportReport report;
    try {
        report = import_archive(context.profile().history(), in, format);
    } catch (const ArchiveError& e) {
        std::cerr << "parley-cli: " << path << ": " << e.what() << "; nothing was imported\n";
        return exit_code::failure;
    }
    if (json) {
        print_json({{"conversations", report.conversations},
                    {"messages", report.messages},
                    {"already_present", report.already_present},
                    {"empty", report.empty},
                    {"left_out", report.left_out}});
        return exit_code::ok;
    }
    std::cout << "Imported " << report.conversations << " conversations (" << report.messages << " messages)";
    if (report.already_present) std::cout << "; " << report.already_present << " were already imported";
    if (report.empty) std::cout << "; " << report.empty << " empty ones skipped";
    if (report.left_out) std::cout << "; " << report.left_out << " hidden or tool messages left out";
    std::cout << "\n";
    return exit_code::ok;
}

}  // namespace

int run_history_command(CliContext& context, ArgumentList& args) {
    const std::string verb = args.require_positional(
        "history subcommand (list, show, search, rename, pin, unpin, archive, unarchive, delete, delete-message, "
        "export, import)");
    if (verb == "list") return list(context, args);
    if (verb == "rename" || verb == "pin" || verb == "unpin" || verb == "archive" || verb == "unarchive") {
        return change(context, args, verb);
    }
    if (verb == "show") return show(context, args);
    if (verb == "search") return search(context, args);
    if (verb == "delete") return remove(context, args);
    if (verb == "delete-message") return remove_message(context, args);
    if (verb == "export") return export_conversation(context, args);
    if (verb == "import") return import_archive_file(context, args);
    throw UsageError("unknown history subcommand: " + verb);
}

}  // namespace parley
