#include "cli/cli.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/units.hpp"

namespace duban::cli {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& g) {
  app.add_option(
      "--dir", g.dir,
      "Workspace directory (default: $DUBAN_DIR, else the nearest parent with duban.yaml)");
  app.add_option("--as-of,--date", g.as_of,
                 "The date to act as of: reads judge lateness on it, writes record it (default: "
                 "$DUBAN_TODAY or today)");
  app.add_option("--format", g.format,
                 "Output format: text, md, csv or json; export also yaml, report also html; "
                 "export, list, overdue and report also xlsx; remind and report also docx and pdf")
      ->check(CLI::IsMember({"text", "md", "csv", "json", "yaml", "html", "xlsx", "docx", "pdf"}));
  app.add_option("--lang", g.lang, "Labels in output: zh or en (default: lang in duban.yaml)")
      ->check(CLI::IsMember({"zh", "en"}));
  app.add_option("--headers", g.headers,
                 "Header row of --format csv: en (field keys, default) or zh (Chinese column "
                 "names); cells stay raw")
      ->transform(
          CLI::CheckedTransformer(std::map<std::string, Lang>{{"en", Lang::en}, {"zh", Lang::zh}}));
  app.add_option("--color", g.color,
                 "Colour: auto (only on a terminal, without NO_COLOR), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("-q,--quiet", g.quiet, "Print no warnings");
  app.add_option("-j,--jobs", g.jobs,
                 "Threads parsing task files the cache does not hold (default: one per core)")
      ->check(CLI::Range(1, 256));
}

// The usage line of the subcommand the user was typing.
std::string usage_line(const CLI::App& app) {
  const CLI::App* cmd = &app;
  for (const CLI::App* sub : app.get_subcommands()) {
    cmd = sub;
    for (const CLI::App* inner : sub->get_subcommands()) {
      cmd = inner;
    }
  }
  std::string name = cmd == &app ? "duban"
                     : cmd->get_parent() == &app
                         ? "duban " + cmd->get_name()
                         : "duban " + cmd->get_parent()->get_name() + " " + cmd->get_name();
  CLI::Formatter f;
  std::string usage = f.make_usage(cmd, name);
  while (!usage.empty() && usage.back() == '\n') {
    usage.pop_back();
  }
  return usage + fmt::format("\nTry '{} --help' for more.", name);
}

// The first word that is not a global option, where the command should be.
std::optional<std::string> command_word(int argc, char** argv) {
  static const std::set<std::string> k_with_value = {
      "--dir", "--as-of", "--date", "--format", "--lang", "--headers", "--color", "--jobs", "-j"};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (k_with_value.count(a) > 0) {
      ++i;
    } else if (a.empty() || a[0] != '-') {
      return a;
    }
  }
  return std::nullopt;
}

// An unknown command named as such, with the nearest commands as a hint.
void check_command(const CLI::App& app, int argc, char** argv) {
  auto word = command_word(argc, argv);
  if (!word) {
    return;
  }
  std::vector<std::pair<int, std::string>> close;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == *word) {
      return;
    }
    int d = edit_distance(*word, sub->get_name());
    if (d <= 2 || sub->get_name().rfind(*word, 0) == 0) {
      close.emplace_back(d, sub->get_name());
    }
  }
  std::sort(close.begin(), close.end());
  std::string hint;
  for (const auto& [d, name] : close) {
    hint += (hint.empty() ? "; did you mean " : " or ") + name;
  }
  throw usage_error(fmt::format("unknown command '{}'{}{}", *word, hint, hint.empty() ? "" : "?"));
}

// The subcommand of `scope` named `word`, if any.
const CLI::App* subcommand_named(const CLI::App& scope, const std::string& word) {
  for (const CLI::App* sub : scope.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_name() == word) {
      return sub;
    }
  }
  return nullptr;
}

// The option `name` ("--ref") in `scope` or, as options fall through, in one
// of its parents; null when there is none.
const CLI::Option* option_named(const CLI::App* scope, const std::string& name) {
  for (; scope != nullptr; scope = scope->get_parent()) {
    if (const CLI::Option* opt = scope->get_option_no_throw(name)) {
      return opt;
    }
  }
  return nullptr;
}

bool names_as_of(const std::string& arg) {
  return arg == "--as-of" || arg == "--date" || arg.starts_with("--as-of=") ||
         arg.starts_with("--date=");
}

// The command line as CLI11 should read it, in CLI11's reversed order.
// `--ref=` is an empty value: CLI11 would take the next argument instead.
// --as-of and --date are one option, which CLI11 would refuse twice in English.
std::vector<std::string> normalised_args(const CLI::App& app, int argc, char** argv) {
  std::vector<std::string> args;
  const CLI::App* scope = &app;
  int dates = 0;
  bool rest_positional = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (rest_positional) {
      args.push_back(std::move(a));
      continue;
    }
    rest_positional = a == "--";
    dates += names_as_of(a) ? 1 : 0;
    if (const CLI::App* sub = subcommand_named(*scope, a)) {
      scope = sub;
    }
    const CLI::Option* opt = nullptr;
    if (a.starts_with("--") && a.size() > 3 && a.find('=') == a.size() - 1) {
      a.pop_back();
      opt = option_named(scope, a);
      if (opt == nullptr) {
        a.push_back('=');  // unknown: CLI11 names it
      } else if (opt->get_expected_max() == 0) {
        throw usage_error(fmt::format("{} takes no value", a));
      }
    }
    args.push_back(std::move(a));
    if (opt != nullptr) {
      args.emplace_back();
    }
  }
  if (dates > 1) {
    throw usage_error("--as-of and --date are one option, the date to act as of: give it once");
  }
  std::reverse(args.begin(), args.end());
  return args;
}

// Reads the command line and runs the command it names (CLI11 calls it);
// nullopt when it ran. Help and --version are printed here, and their exit
// code (0) returned. What CLI11 refuses becomes a usage Error, as duban's own
// refusals are.
std::optional<int> parse_and_run(CLI::App& app, int argc, char** argv) {
  check_command(app, argc, argv);
  std::vector<std::string> args = normalised_args(app, argc, argv);
  try {
    app.parse(args);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    throw usage_error(e.what());
  }
  return std::nullopt;
}

}  // namespace

int run(int argc, char** argv) {
  // Deliberately never freed: main() ends the process with _Exit, and freeing a
  // hundred thousand tasks one by one costs more than reading them.
  sanitize_stderr();
  Context& ctx = *new Context;
  CLI::App app{
      "duban (督办) keeps a supervision office's ledger of supervised items: one YAML file per "
      "task, in git.",
      "duban"};
  app.set_version_flag("--version", std::string("duban ") + DUBAN_VERSION);
  app.fallthrough();
  app.require_subcommand(1);
  add_global_options(app, ctx.options);
  register_init(app, ctx);
  register_units(app, ctx);
  register_add(app, ctx);
  register_assign(app, ctx);
  register_progress(app, ctx);
  register_done(app, ctx);
  register_recheck(app, ctx);
  register_extend(app, ctx);
  register_receipt(app, ctx);
  register_state_commands(app, ctx);
  register_show(app, ctx);
  register_list(app, ctx);
  register_edit(app, ctx);
  register_check(app, ctx);
  register_overdue(app, ctx);
  register_remind(app, ctx);
  register_report(app, ctx);
  register_import(app, ctx);
  register_feedback(app, ctx);
  register_export(app, ctx);
  register_git_commands(app, ctx);
  app.footer(
      "\nExamples:\n"
      "  duban init office && cd office\n"
      "  id=$(duban add '推进城区热电联产项目建设' --kind instruction --lead 市发改委 --leader "
      "张市长)\n"
      "  duban list --lead 市发改委\n"
      "\nRun 'duban COMMAND --help' for a command's options.");
  // The one place an Error ends up: every layer below throws only Error
  // (core/error.hpp); running out of memory is reported in main().
  try {
    if (std::optional<int> printed = parse_and_run(app, argc, argv)) {
      return *printed;  // help or version
    }
  } catch (const Error& e) {
    print_error(e.what());
    if (e.code() == k_exit_usage) {
      std::cerr << usage_line(app) << '\n';
    }
    return e.code();
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "duban: error: cannot write to standard output\n";
    return k_exit_io;
  }
  return ctx.exit_code;
}

}  // namespace duban::cli
