#pragma once

#include <filesystem>
#include <functional>

#include "cli/context.hpp"
#include "core/overdue.hpp"
#include "store/cache.hpp"

namespace duban::cli {

// Each registers one subcommand (or a family) on `app`; the command's
// callback runs with `ctx` once the whole command line has parsed.
void register_init(CLI::App& app, Context& ctx);
void register_units(CLI::App& app, Context& ctx);
void register_add(CLI::App& app, Context& ctx);
void register_assign(CLI::App& app, Context& ctx);
void register_progress(CLI::App& app, Context& ctx);
void register_done(CLI::App& app, Context& ctx);
void register_recheck(CLI::App& app, Context& ctx);
void register_extend(CLI::App& app, Context& ctx);
void register_receipt(CLI::App& app, Context& ctx);
void register_state_commands(CLI::App& app, Context& ctx);
void register_show(CLI::App& app, Context& ctx);
void register_list(CLI::App& app, Context& ctx);
void register_edit(CLI::App& app, Context& ctx);
void register_check(CLI::App& app, Context& ctx);
void register_overdue(CLI::App& app, Context& ctx);
void register_remind(CLI::App& app, Context& ctx);
void register_report(CLI::App& app, Context& ctx);
void register_import(CLI::App& app, Context& ctx);
void register_feedback(CLI::App& app, Context& ctx);
void register_export(CLI::App& app, Context& ctx);
void register_git_commands(CLI::App& app, Context& ctx);
/// Install duban's merge driver for the repository at `root` (git-setup).
void setup_git_repo(const std::filesystem::path& root);

/// The selection `overdue` and `remind` share.
struct OverdueSelection {
  std::string unit;
  std::string kind;
  bool red_only = false;
  bool listed = false;
  std::optional<int> within;
  bool exit_code = false;
};
/// Add --unit, --kind, --red-only, --listed, --within.
void add_overdue_selection(CLI::App& cmd, OverdueSelection& o);
/// A `want` for load_tasks_reporting: the tasks that may have been chased on `as_of`.
std::function<bool(const TaskBrief&)> want_chased(Date as_of);
/// The overdue list of the open tasks of `set` that the selection names.
OverdueList select_overdue(Context& ctx, const TaskSet& set, const OverdueSelection& o);

}  // namespace duban::cli
