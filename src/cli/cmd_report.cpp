#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/filter_options.hpp"
#include "cli/output.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "io/bulletin_docx.hpp"
#include "io/pdf.hpp"
#include "io/report_view.hpp"
#include "store/docno.hpp"
#include "store/process.hpp"

namespace duban::cli {

namespace {

struct ReportOptions {
  std::string period = "month";
  bool previous = false;
  std::string from;
  std::string to;
  std::string by = "unit";
  std::string kind;
  std::string unit;
  std::string out;
  ReportHeading heading;
};

GroupBy group_by(const std::string& s) {
  if (s == "kind") {
    return GroupBy::kind;
  }
  if (s == "leader") {
    return GroupBy::leader;
  }
  if (s == "owner") {
    return GroupBy::owner;
  }
  return GroupBy::unit;
}

Period resolve_period(Context& ctx, const ReportOptions& o) {
  if (o.from.empty() != o.to.empty()) {
    throw usage_error("give both --from and --to, or neither");
  }
  if (!o.from.empty()) {
    Period p{ctx.parse_date(o.from, "--from", DateUse::plain),
             ctx.parse_date(o.to, "--to", DateUse::plain)};
    if (p.to < p.from) {
      throw usage_error(fmt::format("--to {} is before --from {}", p.to.iso(), p.from.iso()));
    }
    return p;
  }
  return *period_around(o.period, ctx.today(), o.previous);
}

// False only for tasks that cannot touch the report: created after it, or
// settled (closed or cancelled) before the period and before the year's start.
bool may_count(const TaskBrief& b, const Period& p) {
  if (b.created > p.to) {
    return false;
  }
  const Date year_start = Date::from_ymd(p.to.year(), 1, 1);
  if (b.status == Status::done && b.last_event < std::min(p.from, year_start)) {
    return false;
  }
  return !(b.status == Status::cancelled && b.last_event < p.from);
}

// The bulletin as an official document (SPEC §14), written to --out: its
// 第N期 is --issue-no or the next number of the as-of year's series. Under
// the write lock the document is made with the number peeked (a failure to
// make it, LibreOffice's included, uses none up), the number is reserved,
// then the file is written: a file that cannot be written leaves a gap in
// the series, never two documents with one number.
void write_bulletin(Context& ctx, const Report& report, const TaskViewContext& view,
                    const ReportOptions& o, bool pdf) {
  check_destination(o.out, true);
  Workspace& ws = ctx.workspace();
  const auto lock = ws.lock();
  const int year = report.as_of.year();
  ReportHeading heading = o.heading;
  heading.issue_no = peek_doc_number(ws.root(), k_bulletin_series, year, 1, o.heading.issue_no);
  std::string bytes = docx_package(bulletin_docx(report, view, heading));
  if (pdf) {
    bytes = std::move(docx_to_pdf({std::move(bytes)}).front());
  }
  reserve_doc_numbers(ws.root(), *lock, k_bulletin_series, year, 1, heading.issue_no);
  write_output(bytes, o.out);
  ctx.commit({k_doc_numbers_file},
             fmt::format("report: {} {} No. {}", k_bulletin_series, year, *heading.issue_no));
}

void run_report(Context& ctx, const ReportOptions& o) {
  const std::string format =
      ctx.format({"text", "md", "csv", "json", "html", "xlsx", "docx", "pdf"});
  const bool document = format == "docx" || format == "pdf";
  if (document && o.out.empty()) {
    throw usage_error(fmt::format("--format {} writes a file: give --out FILE", format));
  }
  if (format == "pdf" && !find_program("soffice")) {
    throw io_error(k_pdf_needs_libreoffice);
  }
  if (format == "xlsx") {
    check_binary_destination(format, o.out);
  }
  refuse_workspace_out(ctx, o.out);
  const Period period = resolve_period(ctx, o);
  TaskFilter filter;
  if (!o.kind.empty()) {
    filter.kind = ctx.resolve_kind(o.kind);
  }
  if (!o.unit.empty()) {
    filter.unit = ctx.resolve_unit(o.unit, false);
  }
  const TaskSet& set =
      load_tasks_reporting(ctx, false, [&](const TaskBrief& b) { return may_count(b, period); });
  const Workspace& ws = ctx.workspace();
  const Report report =
      build_report(select_tasks(set.tasks, filter, ws.units()), period.from, period.to, ctx.today(),
                   group_by(o.by), ws.config(), ws.units());
  const bool to_file = !o.out.empty();
  const TaskViewContext view{ws.config(), ws.calendar(), ctx.lang(), !to_file && ctx.color(),
                             ctx.options.headers};
  if (document) {
    write_bulletin(ctx, report, view, o, format == "pdf");
    return;
  }
  if (format == "xlsx") {
    write_binary_output(render_report_xlsx(report, view, o.heading), o.out);
    return;
  }
  std::string text;
  if (format == "json") {
    text = render_report_json(report, view);
  } else if (format == "csv") {
    text = render_report_csv(report, view);
  } else if (format == "md") {
    text = render_report_markdown(report, view, o.heading);
  } else if (format == "html") {
    text = render_report_html(report, view, o.heading);
  } else {
    text = render_report_text(report, view, o.heading);
  }
  if (to_file) {
    write_file_atomic(o.out, text);
    print(o.out + "\n");
  } else {
    print(text);
  }
}

}  // namespace

void register_report(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ReportOptions>();
  CLI::App* cmd =
      app.add_subcommand("report", "Period statistics and the printable bulletin (督查通报)");
  cmd->add_option("--period", o->period,
                  "week, month, quarter or year containing the as-of date, up to it")
      ->check(CLI::IsMember({"week", "month", "quarter", "year"}))
      ->capture_default_str();
  cmd->add_flag("--previous", o->previous,
                "The whole period before the one containing the as-of date (for cron)");
  cmd->add_option("--from", o->from, "First day of a custom period");
  cmd->add_option("--to", o->to, "Last day of a custom period");
  cmd->add_option("--by", o->by, "Group by unit, kind, leader or owner")
      ->check(CLI::IsMember({"unit", "kind", "leader", "owner"}))
      ->capture_default_str();
  cmd->add_option("--kind", o->kind, "Only this source kind");
  cmd->add_option("--unit", o->unit, "Only tasks this unit leads or co-operates on");
  cmd->add_option("--out", o->out,
                  "Write to this file instead of stdout (required by docx and pdf)");
  cmd->add_option("--title", o->heading.title, "Title of the bulletin (default 督查通报)");
  cmd->add_option("--issue-no", o->heading.issue_no,
                  "Bulletin number, printed as 第N期 (docx, pdf: default the year's next)")
      ->check(CLI::Range(1, k_doc_number_max));
  set_examples(*cmd,
               "  duban report --period month\n"
               "  duban report --period month --previous --format html --issue-no 12 --out "
               "督查通报第12期.html\n"
               "  duban report --from 2025-01-01 --to 2025-06-30 --by kind --format json\n"
               "  duban report --period month --previous --format docx --out 督查通报.docx\n");
  cmd->callback([&ctx, o] { run_report(ctx, *o); });
}

}  // namespace duban::cli
