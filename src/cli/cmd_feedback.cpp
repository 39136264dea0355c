#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/feedback.hpp"
#include "io/feedback_read.hpp"
#include "io/text.hpp"
#include "store/fsutil.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

struct FeedbackOptions {
  std::vector<std::string> files;
  bool dry_run = false;
};

// The form at `path`, refused before it is read when it is no file or too large.
FeedbackRead read_form(const std::string& path) {
  const std::string name = sanitize_terminal(path);  // as typed: the clerk's own words
  const fs::file_status status = status_of(path);
  if (!fs::is_regular_file(status)) {
    // A FIFO or a device is never opened: reading it could wait forever.
    throw io_error(fmt::format("cannot read {}: {}", path,
                               fs::exists(status) ? "not a regular file" : "no such file"));
  }
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > k_max_form_bytes) {
    FeedbackRead out;
    out.file.name = name;
    out.errors.push_back(fmt::format("{}: {} bytes, more than a feedback form may have ({})", name,
                                     size, k_max_form_bytes));
    return out;
  }
  return read_feedback_form(read_file(path), name);
}

// One line of --dry-run: the task, the entry's type and its fields.
std::string entry_line(const FeedbackEntry& e) {
  std::string out = fmt::format("{} {}", e.id, e.entry.type);
  for (const LogField& f : e.entry.fields) {
    out += fmt::format(" {}={}", f.key, sanitize_terminal(f.value));
  }
  return out + (e.recorded ? " (already recorded)\n" : "\n");
}

void run_feedback(Context& ctx, const FeedbackOptions& o) {
  Workspace& ws = ctx.workspace();
  std::vector<FeedbackFile> files;
  std::vector<std::string> errors;
  for (const std::string& path : o.files) {
    FeedbackRead read = read_form(path);
    errors.insert(errors.end(), read.errors.begin(), read.errors.end());
    files.push_back(std::move(read.file));
  }
  std::unique_ptr<WriteLock> lock;
  if (!o.dry_run) {
    lock = ws.lock();
  }
  // Whole tasks, read under the lock: their logs tell what is recorded already.
  const auto task = [&ws](const std::string& id) -> std::optional<Task> {
    if (id.empty() || !ws.task_exists(id)) {
      return std::nullopt;
    }
    return ws.load_task(id);
  };
  FeedbackPlan plan = plan_feedback(files, task, ws.units(), ctx.today());
  errors.insert(errors.end(), plan.errors.begin(), plan.errors.end());
  if (!errors.empty()) {
    for (const std::string& e : errors) {
      print_error(e);
    }
    throw data_error(fmt::format("{} problem{}; nothing was recorded", errors.size(),
                                 errors.size() == 1 ? "" : "s"));
  }
  if (o.dry_run) {
    for (const FeedbackEntry& e : plan.entries) {
      print(entry_line(e));
    }
  } else if (!plan.changed.empty()) {
    ws.save_tasks_together(plan.changed);
    std::vector<std::string> paths;
    for (const Task& t : plan.changed) {
      paths.push_back(ws.display_path(ws.task_path(t.id)));
    }
    ctx.commit(paths,
               fmt::format("feedback: {} rows of {} forms", plan.rows_recorded, files.size()));
    for (const Task& t : plan.changed) {
      print(t.id + "\n");
    }
  }
  if (!ctx.options.quiet) {
    std::cerr << fmt::format(
        "{}{} form{}: {} rows recorded, {} already recorded; {} tasks changed\n",
        o.dry_run ? "dry run: " : "", files.size(), files.size() == 1 ? "" : "s",
        plan.rows_recorded, plan.rows_already, plan.changed.size());
  }
}

}  // namespace

void register_feedback(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<FeedbackOptions>();
  CLI::App* cmd = app.add_subcommand(
      "feedback",
      "Record filled-in feedback forms (反馈表, .xlsx or CSV) from units: all rows or none");
  cmd->add_option("FILE", o->files, "Filled-in forms, as remind --format xlsx wrote them")
      ->required();
  cmd->add_flag("-n,--dry-run", o->dry_run,
                "Check every row and print the entries that would be recorded; write nothing");
  set_examples(*cmd,
               "  duban feedback 反馈/2025-11-28-市发展改革委.xlsx --dry-run\n"
               "  duban feedback 反馈/*.xlsx --date 2025-12-05\n"
               "  duban feedback 市住建局反馈表.csv\n");
  cmd->callback([&ctx, o] { run_feedback(ctx, *o); });
}

}  // namespace duban::cli
