#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/filter_options.hpp"
#include "core/error.hpp"
#include "io/import.hpp"
#include "io/text.hpp"
#include "io/xlsx_read.hpp"
#include "store/codec.hpp"
#include "store/fsutil.hpp"
#include "store/identity.hpp"
#include "store/units_file.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

struct ImportOptions {
  std::string file;
  std::string format;  // csv, yaml, json, xlsx; default from the content, else the extension
  std::string sheet;   // xlsx: the sheet to read (default: the first)
  std::string encoding = "auto";
  std::string kind;
  std::string on_duplicate = "skip";
  std::vector<std::string> ignore_columns;
  bool add_units = false;
  bool dry_run = false;
};

// The format --from gives, else what the file's first bytes say (a zip
// archive is a workbook, and so is a legacy .xls, refused by the reader with
// advice), else its extension.
std::string format_of(const ImportOptions& o, std::string_view bytes) {
  if (!o.format.empty()) {
    return o.format;
  }
  if (xlsx::sniff(bytes) != xlsx::FileKind::other) {
    return "xlsx";
  }
  std::string ext = fs::path(o.file).extension().string();
  for (char& c : ext) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (ext == ".yaml" || ext == ".yml") {
    return "yaml";
  }
  if (ext == ".json") {
    return "json";
  }
  if (ext == ".csv" || ext == ".txt") {
    return "csv";
  }
  if (ext == ".xlsx" || ext == ".xlsm") {
    return "xlsx";
  }
  throw usage_error(fmt::format(
      "cannot tell the format of {} from its name: give --from csv, yaml, json or xlsx", o.file));
}

ImportSource read_source(const ImportOptions& o, const Config& config) {
  const std::string name = fs::path(o.file).filename().string();
  std::string bytes = read_file(o.file);
  const std::string format = format_of(o, bytes);
  const ImportColumns columns{config.import_columns, o.ignore_columns};
  if (format == "xlsx") {
    return read_xlsx_rows(std::move(bytes), name, columns, o.sheet);
  }
  if (!o.sheet.empty()) {
    throw usage_error(fmt::format("--sheet is for .xlsx workbooks; {} is read as {}", o.file,
                                  format == "csv"    ? "CSV"
                                  : format == "json" ? "JSON"
                                                     : "YAML"));
  }
  const Encoding enc = o.encoding == "gbk" || o.encoding == "gb18030"  ? Encoding::gbk
                       : o.encoding == "utf-8" || o.encoding == "utf8" ? Encoding::utf8
                                                                       : Encoding::automatic;
  const std::string text = decode_to_utf8(bytes, enc, name);
  return format == "csv" ? read_csv_rows(text, name, columns) : read_yaml_rows(text, name, columns);
}

OnDuplicate on_duplicate(const std::string& s) {
  return s == "update"  ? OnDuplicate::update
         : s == "error" ? OnDuplicate::error
                        : OnDuplicate::skip;
}

std::string id_list(const std::vector<Task>& tasks) {
  std::string out;
  for (const Task& t : tasks) {
    out += (out.empty() ? "" : " ") + t.id;
  }
  return out;
}

// Whether the staged tasks landed, or will: recovery (the lock is held)
// finishes a staging that reached its commit marker and discards one that
// did not; when that cannot be told, the answer is yes, so that the units the
// tasks name are kept.
bool import_landed(const Workspace& ws, const std::vector<Task>& tasks) {
  try {
    ws.recover_staged();
  } catch (const Error&) {
    return true;
  }
  try {
    return read_file(ws.task_path(tasks.front().id)) == emit_task(tasks.front());
  } catch (const Error&) {
    return false;
  }
}

// The units an import adds are part of it: units.yaml is written first (a
// task never names an unknown unit) and put back when the tasks do not land,
// so a failed import (a full disk) adds no unit either.
void save_import(const Workspace& ws, const std::vector<Task>& tasks, const Units* units) {
  if (tasks.empty()) {
    return;
  }
  std::optional<UnitsFileChange> change;
  if (units) {
    change.emplace(ws.root(), *units);
  }
  try {
    ws.save_tasks_together(tasks);
  } catch (const Error& e) {
    if (import_landed(ws, tasks)) {
      throw;
    }
    std::string failure;
    const bool restored = !change || change->undo(&failure);
    throw Error(e.code(),
                fmt::format("{}; nothing was imported{}", e.what(),
                            restored ? (change ? ", no unit added" : "") : "; " + failure));
  }
}

void run_import(Context& ctx, const ImportOptions& o) {
  Workspace& ws = ctx.workspace();
  if (!fs::is_regular_file(status_of(o.file))) {
    throw io_error(fmt::format("cannot read {}: no such file", o.file));
  }
  ImportSource src = read_source(o, ws.config());
  for (const std::string& w : src.warnings) {
    ctx.warn(w);
  }
  std::unique_ptr<WriteLock> lock;
  if (!o.dry_run) {
    lock = ws.lock();
  }
  // Updates rewrite whole files, so they need whole tasks; so does matching
  // by uid (the cache's summaries hold none).
  const bool uids = std::any_of(src.rows.begin(), src.rows.end(), [](const ImportRow& r) {
    return r.full || r.cells.count("uid") > 0;
  });
  const TaskSet& set = load_tasks_reporting(ctx, o.on_duplicate == "update" || uids);
  if (!set.errors.empty()) {
    throw Error(
        static_cast<ExitCode>(set.exit_code()),
        "the workspace has broken or refused task files (see above); fix them before importing");
  }
  // Read again under the lock: units another writer added meanwhile are kept.
  Units units = o.dry_run ? ws.units() : read_units_file(ws.root());
  std::string default_kind;
  if (!o.kind.empty()) {
    default_kind = ctx.resolve_kind(o.kind);
  }
  ImportContext ictx{ws.config(),
                     units,
                     ws.calendar(),
                     ctx.today(),
                     default_kind,
                     o.add_units,
                     on_duplicate(o.on_duplicate)};
  ImportPlan plan = plan_import(src, set.tasks, ictx, [&](int year) { return mint_id(ws, year); });
  for (const std::string& w : plan.warnings) {
    ctx.warn(w);
  }
  if (!plan.errors.empty()) {
    for (const std::string& e : plan.errors) {
      print_error(e);
    }
    throw data_error(fmt::format("{}: {} problem{}; nothing was imported", src.name,
                                 plan.errors.size(), plan.errors.size() == 1 ? "" : "s"));
  }
  std::vector<Task> all = plan.create;
  all.insert(all.end(), plan.update.begin(), plan.update.end());
  // Units come with the tasks that name them: none when every row is skipped.
  const size_t units_added = all.empty() ? 0 : plan.added_units.size();
  if (!o.dry_run) {
    save_import(ws, all, units_added == 0 ? nullptr : &units);
    std::vector<std::string> paths;
    std::vector<std::string> ids;
    for (const Task& t : all) {
      paths.push_back(ws.display_path(ws.task_path(t.id)));
      ids.push_back(t.id);
    }
    remember_ids(ws, ids);
    if (units_added > 0) {
      paths.push_back("units.yaml");
    }
    std::string what = plan.update.empty() ? fmt::format("{} tasks", plan.create.size())
                                           : fmt::format("{} tasks, update {}", plan.create.size(),
                                                         plan.update.size());
    ctx.commit(paths, fmt::format("import {} from {}", what, src.name));
  }
  for (const Task& t : plan.create) {
    print(t.id + "\n");
  }
  if (!ctx.options.quiet) {
    std::cerr << fmt::format("{}{}: {} new, {} updated, {} unchanged duplicates skipped{}{}\n",
                             o.dry_run ? "dry run: " : "", src.name, plan.create.size(),
                             plan.update.size(), plan.skipped.size(),
                             plan.update.empty() ? "" : "; updated: " + id_list(plan.update),
                             units_added == 0 ? "" : fmt::format("; {} units added", units_added));
  }
}

}  // namespace

void register_import(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Import tasks from .xlsx, CSV (UTF-8 or GBK), YAML or JSON: all rows or none");
  cmd->add_option("FILE", o->file, "The file to import")->required();
  cmd->add_option("--from", o->format,
                  "File format: xlsx, csv, yaml or json (default: a workbook by its content, "
                  "else from the file name)")
      ->check(CLI::IsMember({"xlsx", "csv", "yaml", "json"}));
  cmd->add_option("--sheet", o->sheet,
                  "The sheet of an .xlsx workbook to read (default: the first)");
  cmd->add_option("--encoding", o->encoding, "Text encoding: auto (UTF-8, else GBK), utf-8 or gbk")
      ->check(CLI::IsMember({"auto", "utf-8", "utf8", "gbk", "gb18030"}))
      ->capture_default_str();
  cmd->add_option("--kind", o->kind, "Kind of rows that have no 来源/kind column");
  cmd->add_option("--on-duplicate", o->on_duplicate,
                  "A row matching an existing task (same ref and title, or same title and lead "
                  "without a ref): skip, update or error")
      ->check(CLI::IsMember({"skip", "update", "error"}))
      ->capture_default_str();
  cmd->add_option("--ignore-column", o->ignore_columns,
                  "Leave out the column with this header (repeatable); any other unknown column "
                  "fails the import")
      ->allow_extra_args(false);
  cmd->add_flag("--add-units", o->add_units, "Add units not yet in units.yaml instead of failing");
  cmd->add_flag("-n,--dry-run", o->dry_run,
                "Check every row and print the ids that would be created; write nothing");
  set_examples(*cmd,
               "  duban import 2025年重点工作督办台账.xlsx --kind work-report --dry-run\n"
               "  duban import 台账.xlsx --sheet 第二批 --kind instruction\n"
               "  duban import 2025工作报告分解.csv --kind work-report --dry-run\n"
               "  duban import 12345工单.csv --encoding gbk --kind hotline\n"
               "  duban import ledger.json --on-duplicate update\n");
  cmd->callback([&ctx, o] { run_import(ctx, *o); });
}

}  // namespace duban::cli
