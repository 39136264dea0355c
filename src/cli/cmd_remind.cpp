#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "cli/filter_options.hpp"
#include "cli/output.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "io/feedback_form.hpp"
#include "io/notice.hpp"
#include "io/notice_docx.hpp"
#include "io/pdf.hpp"
#include "io/text.hpp"
#include "store/docno.hpp"
#include "store/process.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

struct RemindOptions {
  OverdueSelection selection;
  std::string out_dir;
  bool dry_run = false;
  std::optional<int> doc_no;  // the first document number (--format docx|pdf|xlsx)
  bool forms = false;         // a feedback form beside each .docx or PDF notice
};

bool already_reminded(const Task& t, Date date, const std::string& unit, const Units& units) {
  for (const LogEntry& e : t.log) {
    if (e.type == "remind" && e.date == date &&
        units.canonical(e.get("to")).value_or(e.get("to")) == unit) {
      return true;
    }
  }
  return false;
}

void create_out_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    throw io_error(fmt::format("cannot create {}: {}", dir, ec.message()));
  }
}

// Notices to files under `dir` (one per unit) or to stdout.
void deliver(const std::vector<Notice>& notices, const TaskViewContext& view, bool markdown,
             const std::string& dir, bool dry_run) {
  const std::vector<std::string> names = notice_file_names(notices, markdown ? "md" : "txt");
  if (dir.empty() || dry_run) {
    for (size_t i = 0; i < notices.size(); ++i) {
      if (dry_run && !dir.empty()) {
        std::cerr << sanitize_terminal_lines(
            fmt::format("dry run: would write {}\n", (fs::path(dir) / names[i]).string()));
      }
      const Notice& n = notices[i];
      print((i > 0 ? (markdown ? "\n---\n\n" : "\n\f\n") : "") +
            (markdown ? render_notice_markdown(n, view) : render_notice_text(n, view)));
    }
    return;
  }
  if (!notices.empty()) {
    create_out_dir(dir);
  }
  for (size_t i = 0; i < notices.size(); ++i) {
    fs::path p = fs::path(dir) / names[i];
    write_file_atomic(p, markdown ? render_notice_markdown(notices[i], view)
                                  : render_notice_text(notices[i], view));
    print(sanitize_terminal(p.string()) + "\n");
  }
}

// One file of a delivery: where it goes and its bytes.
struct Document {
  fs::path path;
  std::string bytes;
};

// One document per notice under `dir`, named like the notice with `ext`,
// numbered from `first` in the notices' year and made by `make` (the notice
// and its number): every one made in full before any is written, so that a
// failure (a path taken by a folder, a cell too long) comes before a number
// is reserved. A dry run makes none and says what it would write.
std::vector<Document> numbered_documents(
    const std::vector<Notice>& notices, const char* ext, const std::string& dir, bool dry_run,
    int first, const std::function<std::string(const Notice&, const std::string&)>& make) {
  const std::vector<std::string> names = notice_file_names(notices, ext);
  std::vector<Document> out;
  for (size_t i = 0; i < notices.size(); ++i) {
    const Notice& n = notices[i];
    const std::string number =
        document_number(k_notice_series, n.list->as_of.year(), first + static_cast<int>(i));
    const fs::path p = fs::path(dir) / names[i];
    if (dry_run) {
      std::cerr << sanitize_terminal(
                       fmt::format("dry run: would write {} ({})", p.string(), number))
                << '\n';
      continue;
    }
    check_destination(p.string(), false);
    try {
      out.push_back({p, make(n, number)});
    } catch (const Error& e) {
      throw Error(e.code(), fmt::format("{}: {}; nothing was written", p.string(), e.what()));
    }
  }
  return out;
}

// Notices as official documents: .docx, or PDF converted by LibreOffice
// (all in one run, before any file is written).
std::vector<Document> notice_documents(const std::vector<Notice>& notices,
                                       const TaskViewContext& view, bool pdf,
                                       const std::string& dir, bool dry_run, int first) {
  std::vector<Document> out = numbered_documents(notices, pdf ? "pdf" : "docx", dir, dry_run, first,
                                                 [&](const Notice& n, const std::string& number) {
                                                   return render_notice_docx(n, view, number);
                                                 });
  if (pdf && !out.empty()) {
    std::vector<std::string> docx;
    for (Document& d : out) {
      docx.push_back(std::move(d.bytes));
    }
    std::vector<std::string> pdfs = docx_to_pdf(docx);
    for (size_t i = 0; i < out.size(); ++i) {
      out[i].bytes = std::move(pdfs[i]);
    }
  }
  return out;
}

// Write the documents, each atomically, and print their paths.
void write_documents(const std::vector<Document>& docs, const std::string& dir) {
  if (docs.empty()) {
    return;
  }
  create_out_dir(dir);
  for (const Document& d : docs) {
    write_file_atomic(d.path, d.bytes);
    print(sanitize_terminal(d.path.string()) + "\n");
  }
}

// The tasks the notices name, read whole from their files (the notices may
// hold cache summaries, without log texts or uid).
std::map<std::string, Task> whole_tasks(const Workspace& ws, const std::vector<Notice>& notices) {
  std::map<std::string, Task> out;
  for (const Notice& n : notices) {
    for (const auto& [item, co] : notice_items(n)) {
      if (!out.contains(item->task->id)) {
        out.emplace(item->task->id, ws.load_task(item->task->id));
      }
    }
  }
  return out;
}

// The feedback forms of the notices (SPEC §15), as .xlsx named like the
// notices, each with its notice's number.
std::vector<Document> make_forms(const Workspace& ws, const std::vector<Notice>& notices,
                                 const std::string& dir, bool dry_run, int first) {
  const std::map<std::string, Task> whole =
      dry_run ? std::map<std::string, Task>() : whole_tasks(ws, notices);
  return numbered_documents(notices, "xlsx", dir, dry_run, first,
                            [&](const Notice& n, const std::string& number) {
                              return render_feedback_form(feedback_form_of(n, number, whole));
                            });
}

// What the notices do to the tasks they name.
struct Reminders {
  std::vector<Task> changed;            // whole and changed, each with its new remind entries
  int logged = 0;                       // remind entries added
  std::vector<std::string> not_logged;  // ids of tasks whose log has a later entry
};

// The tasks the notices name that get a new remind entry for their unit
// (none twice on one day). A task whose log already has a later entry (a
// rerun for a past day) gets none, since the log stays in date order: its id
// goes to `not_logged`.
Reminders reminded_tasks(const Workspace& ws, const std::vector<Notice>& notices, Date as_of) {
  Reminders r;
  std::vector<Task> loaded;
  std::vector<bool> touched;
  std::map<std::string, size_t> index;  // id -> position in `loaded`
  auto log = [&](const OverdueItem* item, const std::string& unit, bool co) {
    const std::string& id = item->task->id;
    auto [at, fresh] = index.try_emplace(id, loaded.size());
    if (fresh) {
      loaded.push_back(ws.load_task(id));  // the whole file, not the cached summary
      touched.push_back(false);
    }
    Task& t = loaded[at->second];
    if (already_reminded(t, as_of, unit, ws.units())) {
      return;
    }
    if (predates_last_entry(t, as_of)) {
      if (r.not_logged.empty() || r.not_logged.back() != id) {
        r.not_logged.push_back(id);
      }
      return;
    }
    // The entry names the unit the notice went to, through the lifecycle so
    // that a date before the task's last entry is refused like any other.
    remind_task(t, as_of, unit, co);
    touched[at->second] = true;
    ++r.logged;
  };
  for (const Notice& n : notices) {
    for (const OverdueItem* item : n.items) {
      log(item, n.unit, false);
    }
    for (const OverdueItem* item : n.co_items) {
      log(item, n.unit, true);
    }
  }
  for (size_t i = 0; i < loaded.size(); ++i) {
    if (touched[i]) {
      r.changed.push_back(std::move(loaded[i]));
    }
  }
  return r;
}

void run_remind(Context& ctx, const RemindOptions& o) {
  const std::string format = ctx.format({"text", "md", "docx", "pdf", "xlsx"});
  const bool forms_only = format == "xlsx";
  const bool document = format == "docx" || format == "pdf" || forms_only;
  if (document && o.out_dir.empty()) {
    throw usage_error(fmt::format("--format {} needs --out DIR", format));
  }
  if (!document && o.doc_no) {
    throw usage_error("--doc-no is for --format docx, pdf or xlsx");
  }
  if (o.forms && (!document || forms_only)) {
    throw usage_error("--forms is for --format docx or pdf (--format xlsx writes the forms alone)");
  }
  if (format == "pdf" && !find_program("soffice")) {
    throw io_error(k_pdf_needs_libreoffice);
  }
  refuse_workspace_out(ctx, o.out_dir);
  Workspace& ws = ctx.workspace();
  std::unique_ptr<WriteLock> lock;
  if (!o.dry_run) {
    lock = ws.lock();
  }
  const TaskSet& set = load_tasks_reporting(ctx, false, want_chased(ctx.today()));
  const OverdueList list = select_overdue(ctx, set, o.selection);
  const TaskViewContext view{ws.config(), ws.calendar(), ctx.lang(), false};
  // With --unit the one notice goes to that unit (SPEC §8), else one to each lead unit.
  const std::vector<Notice> notices =
      o.selection.unit.empty()
          ? build_notices(list, ws.units(), ws.calendar(), ws.config().reply_days)
          : build_unit_notice(list, ctx.resolve_unit(o.selection.unit, false), ws.units(),
                              ws.calendar(), ws.config().reply_days);
  // Every task is loaded and changed before anything is written, and all are
  // written as one change after the notices, so a failure never leaves some
  // tasks logged and others not.
  const auto [changed, logged, not_logged] = reminded_tasks(ws, notices, list.as_of);
  // Document numbers: the documents are made with the next numbers, those
  // are reserved, then the files written; the lock is held throughout, so the
  // numbers are the ones peeked. A failure to make them consumes none; one to
  // write them leaves a gap, never a number on two documents. A dry run
  // consumes none.
  const int year = list.as_of.year();
  const int count = static_cast<int>(notices.size());
  std::vector<std::string> paths;
  if (document) {
    const int first = peek_doc_number(ws.root(), k_notice_series, year, count, o.doc_no);
    // A form takes its notice's number; --format xlsx sends the forms alone.
    std::vector<Document> docs =
        forms_only ? std::vector<Document>()
                   : notice_documents(notices, view, format == "pdf", o.out_dir, o.dry_run, first);
    if (forms_only || o.forms) {
      for (Document& f : make_forms(ws, notices, o.out_dir, o.dry_run, first)) {
        docs.push_back(std::move(f));
      }
    }
    if (!docs.empty()) {
      reserve_doc_numbers(ws.root(), *lock, k_notice_series, year, count, o.doc_no);
      paths.emplace_back(k_doc_numbers_file);
    }
    write_documents(docs, o.out_dir);
  } else {
    deliver(notices, view, format == "md", o.out_dir, o.dry_run);
  }
  for (const std::string& id : not_logged) {
    ctx.warn(
        fmt::format("{}: no remind entry: its log already has an entry after {} (the log is kept "
                    "in date order)",
                    id, list.as_of.iso()));
  }
  for (const OverdueItem& item : list.items) {
    if (item.lead.empty() && o.selection.unit.empty()) {
      ctx.warn(
          fmt::format("{} is late but has no lead unit to remind; assign it first", item.task->id));
    }
  }
  if (!o.dry_run) {
    ws.save_tasks_together(changed);
    for (const Task& t : changed) {
      paths.push_back(ws.display_path(ws.task_path(t.id)));
    }
  }
  ctx.commit(paths, fmt::format("remind {} tasks of {} units", paths.size(), notices.size()));
  if (!ctx.options.quiet) {
    std::cerr << fmt::format("{}{} notices, {} tasks; {} new remind entries\n",
                             o.dry_run ? "dry run: " : "", notices.size(), list.items.size(),
                             logged);
  }
}

}  // namespace

void register_remind(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RemindOptions>();
  CLI::App* cmd = app.add_subcommand("remind",
                                     "Write one reminder notice (督查催办通知单) per lead unit, or "
                                     "with --unit one to that unit, and log a remind "
                                     "entry on each task named");
  add_overdue_selection(*cmd, o->selection);
  cmd->add_option("--out", o->out_dir,
                  "Write one file per unit into this directory instead of stdout");
  cmd->add_flag("-n,--dry-run", o->dry_run,
                "Print the notices, log nothing, write no file, take no document number");
  cmd->add_option("--doc-no", o->doc_no,
                  "With --format docx|pdf|xlsx: the first document number (督催〔year〕N号); "
                  "numbers.yaml moves past it")
      ->check(CLI::Range(1, k_doc_number_max));
  cmd->add_flag("--forms", o->forms,
                "With --format docx|pdf: beside each notice its feedback form (反馈表, .xlsx) "
                "with the same number");
  set_examples(*cmd,
               "  duban remind --red-only\n"
               "  duban remind --format md --out notices/$(date +%F)\n"
               "  duban remind --unit 市水务局 --dry-run\n"
               "  duban remind --format docx --out notices/$(date +%F)\n"
               "  duban remind --format pdf --doc-no 12 --out notices\n"
               "  duban remind --format xlsx --out forms/$(date +%F)\n"
               "  duban remind --format docx --forms --out notices/$(date +%F)\n");
  cmd->callback([&ctx, o] { run_remind(ctx, *o); });
}

}  // namespace duban::cli
