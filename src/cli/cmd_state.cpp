// The state changes that take an id and a reason: return, escalate, suspend,
// cancel, reopen, note. One table instead of six copies of the same wiring.
// return and reopen hand work back and so set a new deadline (SPEC §6).
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/deadline_options.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/text.hpp"

namespace duban::cli {

namespace {

struct StateOptions {
  std::string id;
  std::string reason;
  DeadlineOptions deadline;
  bool dry_run = false;
};

// `due` is the new deadline of work handed back, unset for the other changes.
using Change = void (*)(Task&, Date, const Config&, const std::string&, std::optional<Date> due);

struct StateCommand {
  const char* name;
  const char* help;
  const char* reason_help;
  bool reason_required;  // as the positional REASON/TEXT
  bool hands_back;       // sets a new deadline: takes --due/--within
  const char* examples;
  Change change;
};

const StateCommand k_state_commands[] = {
    {"return", "Reject a closed task's result and reopen it (退回重办)",
     "Why the result was rejected", true, true,
     "  duban return 2025-0042 '未提供验收材料，请补充后重新报送'\n"
     "  duban return 42 '整改不到位' --date 2025-07-01 --within 10wd\n",
     [](Task& t, Date d, const Config&, const std::string& r, std::optional<Date> due) {
       return_task(t, d, r, due);
     }},
    {"escalate", "Raise the escalation level (1 整改通知, 2 黄牌警告, 3 问责)", "Why", false, false,
     "  duban escalate 2025-0042 '超期两周未反馈'\n"
     "  duban overdue --red-only    # the notes column says when escalation is due\n",
     [](Task& t, Date d, const Config& c, const std::string& r, std::optional<Date>) {
       escalate_task(t, d, c, r);
     }},
    {"suspend", "Suspend a task (暂缓): it leaves the overdue list until reopened", "Why", false,
     false,
     "  duban suspend 2025-0042 '待省级政策出台'\n"
     "  duban reopen 2025-0042 '政策已出台'\n",
     [](Task& t, Date d, const Config&, const std::string& r, std::optional<Date>) {
       suspend_task(t, d, r);
     }},
    {"cancel", "Cancel a task (撤销): it no longer counts anywhere", "Why", false, false,
     "  duban cancel 2025-0042 '事项已由上级统一部署'\n"
     "  duban cancel 2025-0042 --dry-run\n",
     [](Task& t, Date d, const Config&, const std::string& r, std::optional<Date>) {
       cancel_task(t, d, r);
     }},
    {"reopen", "Reopen a done, cancelled or suspended task with a new deadline", "Why", false, true,
     "  duban reopen 2025-0042 '群众再次反映'\n"
     "  duban reopen 42 '政策已出台' --date 2025-09-01 --due 2025-09-30\n",
     [](Task& t, Date d, const Config&, const std::string& r, std::optional<Date> due) {
       reopen_task(t, d, r, due);
     }},
    {"note", "Add a note to a task's log (备注)", "The note", true, false,
     "  duban note 2025-0042 '已电话联系联络员'\n"
     "  duban note 42 '牵头单位调整联络员为李华' --date 2025-05-06\n",
     [](Task& t, Date d, const Config&, const std::string& r, std::optional<Date>) {
       note_task(t, d, r);
     }},
};

void run_state(Context& ctx, const StateCommand& c, const StateOptions& o) {
  const std::string id = ctx.resolve_id(o.id);
  const std::string reason = trim(o.reason);
  if (c.reason_required && reason.empty()) {
    throw usage_error(fmt::format("{}: the text is empty", c.name));
  }
  const Date date = ctx.today();
  const Config& config = ctx.workspace().config();
  std::optional<Date> due;
  if (c.hands_back) {
    due = rework_deadline_from_options(ctx, o.deadline, date);
  }
  update_task(ctx, c.name, id, o.dry_run, [&](Task& t) {
    c.change(t, date, config, reason, due);
    if (std::string_view(c.name) == "escalate" && !ctx.options.quiet) {
      std::cerr << fmt::format("{}: escalation level {} {}\n", id, t.escalation,
                               config.escalation_name(t.escalation));
    }
  });
}

}  // namespace

void register_state_commands(CLI::App& app, Context& ctx) {
  for (const StateCommand& c : k_state_commands) {
    auto o = std::make_shared<StateOptions>();
    CLI::App* cmd = app.add_subcommand(c.name, c.help);
    cmd->add_option("ID", o->id, "Task id")->required();
    CLI::Option* reason =
        cmd->add_option(c.reason_required ? "TEXT" : "REASON", o->reason, c.reason_help);
    if (c.reason_required) {
      reason->required();
    }
    if (c.hands_back) {
      add_deadline_options(*cmd, o->deadline, "; default: rework_within in duban.yaml (15d)");
    }
    cmd->add_flag("-n,--dry-run", o->dry_run, "Show the change, write nothing");
    set_examples(*cmd, c.examples);
    cmd->callback([&ctx, &c, o] { run_state(ctx, c, *o); });
  }
}

}  // namespace duban::cli
