#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <functional>

#include "cli/commands.hpp"
#include "io/json.hpp"
#include "io/table.hpp"
#include "io/text.hpp"
#include "store/units_file.hpp"

namespace duban::cli {

namespace {

struct UnitsAddOptions {
  std::string name;
  std::vector<std::string> aliases;
  std::string short_name;
  std::string kind;
  std::string liaison;
  std::string phone;
  bool dry_run = false;
};

struct UnitsRenameOptions {
  std::string old_name;
  std::string new_name;
  bool dry_run = false;
};

std::string render_units_json(const Units& units) {
  JsonWriter w;
  w.begin_array();
  for (const Unit& u : units.all()) {
    w.begin_object().key("name").value(u.name).key("short").value(u.short_name);
    w.key("aliases").begin_array();
    for (const std::string& a : u.aliases) {
      w.value(a);
    }
    w.end_array();
    w.key("kind").value(u.kind).key("liaison").value(u.liaison).key("phone").value(u.phone);
    w.end_object();
  }
  w.end_array();
  return w.str();
}

void run_list(Context& ctx) {
  const Units& units = ctx.workspace().units();
  std::string format = ctx.format({"text", "md", "csv", "json"});
  if (format == "json") {
    print(render_units_json(units));
    return;
  }
  // CSV is for machines, like JSON: English keys (Chinese ones with --headers
  // zh) and the kind as stored.
  const bool machine = format == "csv";
  const Lang lang = ctx.lang();
  Table t;
  if (machine && ctx.options.headers == Lang::en) {
    t.headers = {"name", "short", "aliases", "kind", "liaison", "phone"};
  } else {
    for (const char* key :
         {"col.name", "col.short", "col.aliases", "col.unit_kind", "col.liaison", "col.phone"}) {
      t.headers.emplace_back(label(key, machine ? Lang::zh : lang));
    }
  }
  for (const Unit& u : units.all()) {
    const std::string kind = machine ? u.kind : unit_kind_label(u.kind, lang);
    t.rows.push_back({u.name, u.short_name, join(u.aliases, "、"), kind, u.liaison, u.phone});
  }
  if (format == "md") {
    print(render_table_markdown(t));
  } else if (format == "csv") {
    print(render_table_csv(t));
  } else {
    print(render_table_text(t, TextTableOptions{ctx.color(), ctx.terminal_width()}));
  }
}

// Change units.yaml: with the writer lock held, the file is read again, so
// that a unit another writer added meanwhile is kept (SPEC §11); --dry-run
// shows the change on the units read at start and writes nothing.
void change_units(Context& ctx, bool dry_run, const std::string& message,
                  const std::function<void(Units&)>& change) {
  Workspace& ws = ctx.workspace();
  if (dry_run) {
    Units units = ws.units();
    change(units);
    print(emit_units(units));
    return;
  }
  auto lock = ws.lock();
  Units units = read_units_file(ws.root());
  change(units);
  ws.save_units(units);
  ctx.commit({"units.yaml"}, message);
}

void run_add(Context& ctx, const UnitsAddOptions& o) {
  change_units(ctx, o.dry_run, fmt::format("units add {}", o.name), [&](Units& units) {
    units.add(Unit{o.name, o.short_name, o.aliases, unit_kind_key(o.kind), o.liaison, o.phone});
  });
  if (!o.dry_run) {
    print(o.name + "\n");
  }
}

void run_rename(Context& ctx, const UnitsRenameOptions& o) {
  change_units(ctx, o.dry_run, fmt::format("units rename {} {}", o.old_name, o.new_name),
               [&](Units& units) { units.rename(o.old_name, o.new_name); });
  if (!o.dry_run) {
    print(o.new_name + "\n");
  }
}

}  // namespace

void register_units(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "units", "List units, add one, or rename one (the old name stays an alias)");
  cmd->require_subcommand(0, 1);
  set_examples(*cmd,
               "  duban units\n"
               "  duban units add 市发改委 --alias 市发展和改革委员会 --alias 发改委 --kind "
               "department --liaison 王芳 --phone 0571-87001234\n"
               "  duban units rename 市城管局 市城市管理局\n");

  auto add = std::make_shared<UnitsAddOptions>();
  CLI::App* a = cmd->add_subcommand("add", "Add a unit to units.yaml");
  a->add_option("NAME", add->name, "Canonical name, as tasks will store it")->required();
  a->add_option("--alias", add->aliases, "Another name accepted as input (repeatable)");
  a->add_option("--short", add->short_name, "Short name for narrow tables");
  a->add_option("--kind", add->kind,
                "department (部门), county (县（市、区）), street (街道（乡镇）), township (乡镇), "
                "enterprise (企业), "
                "institution (事业单位), or any text; a Chinese label is stored as its key");
  a->add_option("--liaison", add->liaison, "The unit's contact person (联络员)");
  a->add_option("--phone", add->phone, "The liaison's phone");
  a->add_flag("--dry-run", add->dry_run, "Print the new units.yaml, write nothing");
  set_examples(
      *a,
      "  duban units add 城东区 --kind county --liaison 赵磊 --phone 0571-86001111\n"
      "  duban units add 市发改委 --alias 市发展和改革委员会 --alias 发改委 --kind department\n");
  a->callback([&ctx, add] { run_add(ctx, *add); });

  auto ren = std::make_shared<UnitsRenameOptions>();
  CLI::App* r = cmd->add_subcommand(
      "rename", "Rename a unit; the old name stays an alias so old tasks still match");
  r->add_option("OLD", ren->old_name, "Current name or alias")->required();
  r->add_option("NEW", ren->new_name, "New canonical name")->required();
  r->add_flag("--dry-run", ren->dry_run, "Print the new units.yaml, write nothing");
  set_examples(*r,
               "  duban units rename 市城管局 市城市管理局\n"
               "  duban list --lead 市城管局    # old tasks still match through the alias\n");
  r->callback([&ctx, ren] { run_rename(ctx, *ren); });

  cmd->callback([&ctx, cmd] {
    if (cmd->get_subcommands().empty()) {
      run_list(ctx);
    }
  });
}

}  // namespace duban::cli
