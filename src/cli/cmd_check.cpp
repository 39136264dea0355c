#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <regex>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/validate.hpp"
#include "io/json.hpp"
#include "io/text.hpp"
#include "store/codec.hpp"
#include "store/fsutil.hpp"
#include "store/identity.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

// What checking one task file found: its problems as `path:line: message`,
// and its id when it has a valid one (for the uniqueness check).
struct FileCheck {
  std::vector<std::string> problems;
  std::string id;
  std::string rel;
  size_t id_problems = 0;  // problems[0, id_problems) are about the file and its id
  UidUse uid;
};

FileCheck check_file(const Workspace& ws, const fs::path& file) {
  FileCheck r;
  r.rel = ws.display_path(file);
  const std::string& rel = r.rel;
  auto& out = r.problems;
  std::string text;
  Task t;
  try {
    text = read_regular_file(file, rel, k_max_task_file_bytes);
    t = parse_task_text(text, rel);
  } catch (const Error& e) {
    std::string what = e.what();
    out.push_back(what.rfind(rel + ":", 0) == 0 ? what : fmt::format("{}:1: {}", rel, what));
    return r;
  }
  if (!t.unkept.empty()) {
    out.push_back(t.unkept);
  }
  if (t.id != file.stem().string()) {
    out.push_back(
        fmt::format("{}:{}: id '{}' does not match the file name", rel, line_of(text, "id"), t.id));
  } else if (!is_valid_task_id(t.id)) {
    out.push_back(
        fmt::format("{}:{}: id '{}' is not of the form YYYY-NNNN", rel, line_of(text, "id"), t.id));
  } else if (file.parent_path().filename() != t.id.substr(0, 4)) {
    out.push_back(fmt::format("{}:1: belongs in tasks/{}/", rel, t.id.substr(0, 4)));
  }
  r.id = t.id;
  r.id_problems = out.size();
  r.uid = UidUse{rel, line_of(text, "uid"), identity_of(t), t.id};
  for (const Problem& p : validate_task(t, ws.config(), ws.units())) {
    out.push_back(fmt::format("{}:{}: {}", rel, line_of(text, p.where), p.message));
  }
  return r;
}

// Ids numbered past the point where new ids continue (a 2025-999999 among
// 2025-0001…0042): next_id() steps around them, and they should be renumbered.
void report_outlying_ids(std::vector<FileCheck>& checks) {
  static const std::regex k_parts("([0-9]{4}-[A-Z]*)([0-9]+)");
  std::map<std::string, std::vector<int>> used;  // "YYYY-PREFIX" -> numbers
  for (const FileCheck& c : checks) {
    std::smatch m;
    if (is_valid_task_id(c.id) && std::regex_match(c.id, m, k_parts)) {
      used[m[1].str()].push_back(std::stoi(m[2].str()));
    }
  }
  std::map<std::string, int> next;
  for (auto& [group, numbers] : used) {
    try {
      next[group] = next_sequence(numbers);
    } catch (const Error&) {
      next[group] = 0;
    }
  }
  for (FileCheck& c : checks) {
    std::smatch m;
    if (is_valid_task_id(c.id) && std::regex_match(c.id, m, k_parts) &&
        std::stoi(m[2].str()) >= next[m[1].str()]) {
      c.problems.push_back(
          fmt::format("{}:1: id {} lies beyond the year's sequence: new ids continue at {}{:04d}; "
                      "renumber it with "
                      "'duban renumber {}'",
                      c.rel, c.id, m[1].str(), next[m[1].str()], c.id));
    }
  }
}

// One problem as JSON: "path:line: message" (or "path: message") split into
// {path, line, message}; a message naming no path has both null.
void write_problem_json(JsonWriter& w, const std::string& problem) {
  static const std::regex k_located("([^ :][^ ]*?)(?::([0-9]{1,9}))?: (.*)");
  std::smatch m;
  w.begin_object();
  if (std::regex_match(problem, m, k_located)) {
    w.key("path").value(m[1].str()).key("line");
    if (m[2].matched) {
      w.value(std::stoi(m[2].str()));
    } else {
      w.null();
    }
    w.key("message").value(m[3].str());
  } else {
    w.key("path").null().key("line").null().key("message").value(problem);
  }
  w.end_object();
}

void print_problems(const std::vector<std::string>& problems, const std::string& format) {
  if (format == "json") {
    JsonWriter w;
    w.begin_array();
    for (const std::string& p : problems) {
      write_problem_json(w, p);
    }
    w.end_array();
    print(w.str());
    return;
  }
  for (const std::string& p : problems) {
    print(sanitize_terminal(p) + "\n");
  }
}

void run_check(Context& ctx) {
  const std::string format = ctx.format({"text", "json"});
  std::vector<std::string> problems;
  std::optional<std::reference_wrapper<Workspace>> ws;
  try {
    ws = ctx.workspace();
  } catch (const Error& e) {
    if (e.code() != k_exit_data) {
      throw;
    }
    problems.push_back(e.what());
  }
  size_t files = 0;
  bool refused = false;
  if (ws) {
    // Files are read, parsed and validated on --jobs threads; ids are
    // compared afterwards, in file order, so the output does not depend on them.
    TaskTree tree = ws->get().survey_tasks();
    const std::vector<fs::path>& paths = tree.files;
    std::vector<FileCheck> checks(paths.size());
    parallel_for(paths.size(), ctx.options.jobs, 64, [&](size_t i) {
      try {
        checks[i] = check_file(*ws, paths[i]);
      } catch (const std::exception& e) {
        checks[i].problems.push_back(fmt::format("{}:1: {}", paths[i].string(), e.what()));
      }
    });
    std::map<std::string, std::string> seen_ids;
    for (FileCheck& c : checks) {
      if (!c.id.empty()) {
        if (auto [it, fresh] = seen_ids.emplace(c.id, c.rel); !fresh) {
          c.problems.insert(c.problems.begin() + static_cast<std::ptrdiff_t>(c.id_problems),
                            fmt::format("{}:1: id {} is also used by {}", c.rel, c.id, it->second));
        }
      }
    }
    report_outlying_ids(checks);
    for (FileCheck& c : checks) {
      problems.insert(problems.end(), std::make_move_iterator(c.problems.begin()),
                      std::make_move_iterator(c.problems.end()));
    }
    files = paths.size();
    // Refused entries (exit 4), then unfinished or foreign staged imports,
    // then files duban ignores.
    std::vector<std::string> staged = ws->get().staging_problems();
    refused = !tree.refused.empty() || !staged.empty();
    problems.insert(problems.end(), tree.refused.begin(), tree.refused.end());
    problems.insert(problems.end(), staged.begin(), staged.end());
    problems.insert(problems.end(), tree.stray.begin(), tree.stray.end());
    std::vector<UidUse> uids;
    std::transform(checks.begin(), checks.end(), std::back_inserter(uids),
                   [](const FileCheck& c) { return c.uid; });
    std::vector<std::string> twice = duplicate_uid_problems(uids);
    problems.insert(problems.end(), twice.begin(), twice.end());
    // This clone's local state: never tracked by git, a well-formed .duban/ids.
    try {
      verify_local_state(*ws);
    } catch (const Error& e) {
      refused = refused || e.code() == k_exit_io;
      problems.push_back(e.what());
    }
  }
  print_problems(problems, format);
  if (!problems.empty()) {
    ctx.set_exit(refused ? k_exit_io : k_exit_data);
  }
  if (!ctx.options.quiet) {
    std::cerr << fmt::format("checked {} task files: {}\n", files,
                             problems.empty() ? "no problems"
                                              : fmt::format("{} problem{}", problems.size(),
                                                            problems.size() == 1 ? "" : "s"));
  }
}

}  // namespace

void register_check(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("check",
                                     "Validate the whole workspace; prints path:line: message for "
                                     "each problem (--format json: a list of "
                                     "{path, line, message}), exit 3 if any (4 for refused paths)");
  set_examples(*cmd,
               "  duban check\n"
               "  duban check --format json | jq -r '.[].path'\n"
               "  duban check --quiet || echo 'ledger needs attention'\n");
  cmd->callback([&ctx] { run_check(ctx); });
}

}  // namespace duban::cli
