#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/deadline_options.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/text.hpp"

namespace duban::cli {

namespace {

struct ExtendOptions {
  std::string id;
  std::string to;
  std::string reason;
  bool approve = false;  // grant the pending request (SPEC §15)
  bool refuse = false;   // turn it down
  bool dry_run = false;
};

// --to as typed, checked and warned about like every typed deadline.
Date typed_deadline(Context& ctx, const std::string& text) {
  const Date to = ctx.parse_date(text, "--to", DateUse::deadline);
  warn_fixed_rest_day(ctx, to, names_fixed_day(text));
  return to;
}

void run_extend(Context& ctx, const ExtendOptions& o) {
  if (o.approve && o.refuse) {
    throw usage_error("--approve and --refuse exclude each other");
  }
  const std::string reason = trim(o.reason);
  if (!o.reason.empty() && reason.empty()) {
    throw usage_error("--reason is empty");
  }
  if (o.refuse) {
    if (reason.empty()) {
      throw usage_error("--refuse needs --reason: why the request is refused");
    }
    if (!o.to.empty()) {
      throw usage_error("--to is for an extension granted, not with --refuse");
    }
  } else if (!o.approve) {
    if (o.to.empty()) {
      throw usage_error("--to is required (or --approve / --refuse a unit's request)");
    }
    if (reason.empty()) {
      throw usage_error("--reason is required (or --approve / --refuse a unit's request)");
    }
  }
  const std::string id = ctx.resolve_id(o.id);
  const Date date = ctx.today();
  if (o.refuse) {
    update_task(ctx, "extend --refuse", id, o.dry_run,
                [&](Task& t) { refuse_extension(t, date, reason); });
    return;
  }
  if (o.approve) {
    std::optional<Date> to;
    if (!o.to.empty()) {
      to = typed_deadline(ctx, o.to);
    }
    update_task(ctx, "extend --approve", id, o.dry_run,
                [&](Task& t) { approve_extension(t, date, to, reason); });
    return;
  }
  const Date to = typed_deadline(ctx, o.to);
  update_task(ctx, "extend", id, o.dry_run, [&](Task& t) { extend_task(t, date, to, reason); });
}

}  // namespace

void register_extend(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ExtendOptions>();
  CLI::App* cmd = app.add_subcommand(
      "extend",
      "Record an approved extension (延期), or answer a unit's request for one; the old "
      "deadline stays in the log");
  cmd->add_option("ID", o->id, "Task id")->required();
  cmd->add_option("--to", o->to,
                  "New deadline (a date, or +15d, +1m, eom …); with --approve: instead of the "
                  "date asked for");
  cmd->add_option("--reason", o->reason,
                  "Why the extension was approved (with --approve: default the request's "
                  "reason) or refused");
  cmd->add_flag("--approve", o->approve,
                "Grant the unit's pending extension request (to the date it asked for)");
  cmd->add_flag("--refuse", o->refuse,
                "Refuse the unit's pending extension request (needs --reason)");
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
  set_examples(*cmd,
               "  duban extend 2025-0042 --to 2025-04-15 --reason '用地审批尚未完成'\n"
               "  duban extend 2025-0042 --to +1m --reason '等待省厅批复'\n"
               "  duban extend 2025-0042 --approve\n"
               "  duban extend 2025-0042 --approve --to 2025-04-30 --reason '同意延期至4月底'\n"
               "  duban extend 2025-0042 --refuse --reason '时限不可调整，请加快推进'\n");
  cmd->callback([&ctx, o] { run_extend(ctx, *o); });
}

}  // namespace duban::cli
