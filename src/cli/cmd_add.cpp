#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/deadline_options.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/text.hpp"
#include "store/codec.hpp"
#include "store/identity.hpp"

namespace duban::cli {

namespace {

struct AddOptions {
  std::string title;
  std::string kind;
  std::string ref;
  std::string leader;
  std::string lead;
  std::vector<std::string> co;
  std::string owner;
  DeadlineOptions deadline;
  std::string cadence;
  std::vector<std::string> tags;
  bool listed = false;
  std::vector<std::string> milestones;
  bool add_units = false;
  bool dry_run = false;
};

// `完成土建@2025-06-30`: the title, then the date after the last '@'.
Milestone parse_milestone_option(Context& ctx, const std::string& text) {
  size_t at = text.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == text.size()) {
    throw usage_error(
        fmt::format("--milestone '{}': expected TITLE@DATE, e.g. 完成土建@2025-06-30", text));
  }
  Milestone m;
  m.title = trim(text.substr(0, at));
  if (m.title.empty()) {
    throw usage_error(fmt::format("--milestone '{}': the title before '@' is empty", text));
  }
  m.due = ctx.parse_date(text.substr(at + 1), "--milestone", DateUse::deadline);
  warn_fixed_rest_day(ctx, m.due, names_fixed_day(text.substr(at + 1)));
  return m;
}

Task build_task(Context& ctx, const AddOptions& o) {
  Task t;
  t.title = trim(o.title);
  if (t.title.empty()) {
    throw usage_error("the title is empty");
  }
  if (o.kind.empty()) {
    throw usage_error(
        "missing --kind (instruction, meeting, work-report, npc, cppcc, hotline, petition, media, "
        "superior, special)");
  }
  t.kind = ctx.resolve_kind(o.kind);
  const KindConfig& kind = *ctx.workspace().config().find_kind(t.kind);
  t.created = ctx.today();
  t.due = deadline_from_options(ctx, o.deadline, kind.due, "kind " + kind.name, t.created);
  if (*t.due < t.created) {
    throw data_error(fmt::format("the deadline {} is before the registration date {}", t.due->iso(),
                                 t.created.iso()));
  }
  t.ref = trim(o.ref);
  t.leader = trim(o.leader);
  t.listed = o.listed;
  if (!o.cadence.empty() && o.cadence != "weekly" && o.cadence != "monthly") {
    throw usage_error(fmt::format("--cadence '{}': expected weekly or monthly", o.cadence));
  }
  t.cadence = o.cadence;
  for (const std::string& tag : o.tags) {
    for (const std::string& item : split_list(tag)) {
      t.tags.push_back(item);
    }
  }
  for (const std::string& m : o.milestones) {
    t.milestones.push_back(parse_milestone_option(ctx, m));
  }
  std::vector<std::string> co = ctx.resolve_units(o.co, o.add_units);
  if (o.lead.empty()) {
    if (!co.empty() || !o.owner.empty()) {
      throw usage_error("--co and --owner need --lead (the lead unit the task is assigned to)");
    }
    t.status = Status::registered;
    return t;
  }
  std::string lead = ctx.resolve_unit(o.lead, o.add_units);
  std::erase(co, lead);
  t.status = Status::registered;
  assign_task(t, t.created, lead, co.empty() ? std::nullopt : std::optional(co),
              o.owner.empty() ? std::nullopt : std::optional(trim(o.owner)));
  return t;
}

void run_add(Context& ctx, const AddOptions& o) {
  Workspace& ws = ctx.workspace();
  Task t = build_task(ctx, o);
  std::unique_ptr<WriteLock> lock;
  if (!o.dry_run) {
    lock = ws.lock();
  }
  t.uid = new_uid();
  t.id = mint_id(ws, t.created.year());
  if (o.dry_run) {
    std::cerr << fmt::format("dry run: would write {}:\n", ws.display_path(ws.task_path(t.id)))
              << emit_task(t);
    print(t.id + "\n");
    return;
  }
  std::vector<std::string> paths = {ws.display_path(ws.task_path(t.id))};
  if (ctx.save_added_units()) {
    paths.push_back("units.yaml");
  }
  ws.save_task(t);
  remember_ids(ws, {t.id});
  ctx.commit(paths, fmt::format("add {}: {}", t.id, t.title));
  print(t.id + "\n");
}

}  // namespace

void register_add(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AddOptions>();
  CLI::App* cmd = app.add_subcommand("add", "Register a task; prints its new id alone");
  cmd->add_option("TITLE", o->title, "What is to be done")->required();
  cmd->add_option("-k,--kind", o->kind,
                  "Source kind (name or Chinese label), e.g. instruction or 领导批示");
  cmd->add_option("--ref", o->ref, "Document, meeting or ticket number (文号)");
  cmd->add_option("--leader", o->leader, "The instructing leader (批示领导)");
  cmd->add_option("-l,--lead", o->lead, "Lead unit; the task is assigned at once");
  cmd->add_option("--co", o->co, "Co-operating units (repeatable, or separated by 、 or ,)");
  cmd->add_option("--owner", o->owner, "Responsible person (责任人)");
  add_deadline_options(*cmd, o->deadline, "; default: the kind's rule in duban.yaml");
  cmd->add_option("--cadence", o->cadence,
                  "Required feedback: weekly (Fridays) or monthly (by the 5th)");
  cmd->add_option("--tag", o->tags, "Tag (repeatable)");
  cmd->add_flag("--listed", o->listed, "Flag as top-priority supervision (挂牌督办)");
  cmd->add_option("--milestone", o->milestones, "Stage target TITLE@DATE (repeatable)");
  cmd->add_flag("--add-units", o->add_units, "Add units not yet in units.yaml instead of failing");
  cmd->add_flag("-n,--dry-run", o->dry_run, "Show the task file, write nothing");
  set_examples(*cmd,
               "  duban add '推进城区热电联产项目建设' --kind instruction --leader 张市长 --lead "
               "市发改委 --co 市财政局、市住建局\n"
               "  duban add '12345 反映幸福小区噪声扰民' --kind hotline --ref 12345-20250612-0087 "
               "--lead 城东区\n"
               "  id=$(duban add '完成老旧小区改造' --kind work-report --lead 市住建局 --milestone "
               "'完成设计@2025-06-30')\n");
  cmd->callback([&ctx, o] { run_add(ctx, *o); });
}

}  // namespace duban::cli
