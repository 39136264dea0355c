// git as the sync engine (SPEC §12): merge-driver, git-setup, sync, history, renumber.
#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <string_view>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "io/text.hpp"
#include "store/codec.hpp"
#include "store/fsutil.hpp"
#include "store/git.hpp"
#include "store/identity.hpp"
#include "store/merge.hpp"
#include "store/units_file.hpp"

namespace fs = std::filesystem;

namespace duban::cli {

namespace {

constexpr const char* k_attributes_line = "tasks/**/*.yaml merge=duban";
constexpr const char* k_units_attributes_line = "units.yaml merge=duban";

std::optional<Task> parse_or_none(const std::string& path, const std::string& shown) {
  try {
    std::string text = read_file(path);
    if (text.empty()) {
      return std::nullopt;
    }
    return parse_task(text, shown);
  } catch (const Error&) {
    return std::nullopt;
  }
}

// units.yaml: the units of both sides, once each.
int merge_units_file(const std::string& base, const std::string& ours, const std::string& theirs,
                     const std::string& shown) {
  try {
    std::optional<Units> b;
    if (std::string text = read_file(base); !text.empty()) {
      b = parse_units(text, shown);
    }
    Units o = parse_units(read_file(ours), shown);
    Units t = parse_units(read_file(theirs), shown);
    std::vector<std::string> conflicts;
    Units merged = merge_units(b ? &*b : nullptr, o, t, conflicts);
    write_file_atomic(ours, emit_units(merged));
    for (const std::string& name : conflicts) {
      std::cerr << sanitize_terminal_lines(
          fmt::format("duban merge-driver: {}: unit {} was changed on both sides; ours is kept\n",
                      shown, name));
    }
    return 0;
  } catch (const Error& e) {
    std::cerr << "duban merge-driver: " << sanitize_terminal_lines(e.what())
              << "; left for you to resolve\n";
    return 1;
  }
}

// git calls: duban merge-driver %O %A %B %P; the result goes to %A, exit 1 on conflict.
int run_merge_driver(const std::string& base, const std::string& ours, const std::string& theirs,
                     const std::string& shown) {
  if (fs::path(shown).filename() == "units.yaml") {
    return merge_units_file(base, ours, theirs, shown);
  }
  std::optional<Task> o = parse_or_none(ours, shown);
  std::optional<Task> t = parse_or_none(theirs, shown);
  if (!o || !t) {
    std::cerr << sanitize_terminal_lines(fmt::format(
        "duban merge-driver: {}: a side does not parse; left for you to resolve\n", shown));
    return 1;
  }
  MergeResult r = merge_tasks(parse_or_none(base, shown), *o, *t);
  write_file_atomic(ours, emit_merge(r, *t));
  if (r.different_tasks) {
    // Never merged: both whole tasks stay in the file for renumber to part.
    std::cerr << sanitize_terminal_lines(
        fmt::format("duban merge-driver: {}: id collision: two different tasks have the id {} (uid "
                    "{} and {}); 'duban "
                    "renumber {}' gives the one never pushed a new id\n",
                    shown, o->id, identity_of(*o), identity_of(*t), o->id));
    return 1;
  }
  for (const FieldConflict& c : r.conflicts) {
    std::cerr << sanitize_terminal_lines(
        fmt::format("duban merge-driver: {}: conflict in {}: ours {}, theirs {}\n", shown, c.field,
                    c.ours, c.theirs));
  }
  return r.conflicts.empty() ? 0 : 1;
}

std::string self_path() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("duban") : p.string();
}

// Installs the driver in .git/config (not versioned) and .gitattributes. The
// committed .gitattributes is read first and never through a link (a
// repository can deliver one to /dev/stdin or /dev/zero): refused, exit 4.
void setup_git(const fs::path& root) {
  const fs::path attributes = root / ".gitattributes";
  std::string text = file_kind(attributes).empty()
                         ? ""
                         : read_regular_file(attributes, ".gitattributes", k_max_task_file_bytes);
  const std::string quoted = "'" + self_path() + "'";
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"merge.duban.name",
                                            "duban three-way merge of task files"},
        std::pair<std::string, std::string>{"merge.duban.driver",
                                            quoted + " merge-driver %O %A %B %P"}}) {
    GitResult r = run_git(root, {"config", key, value});
    if (!r.ok()) {
      throw io_error(fmt::format("git config {} failed: {}", key,
                                 r.code == -1 ? "git is not installed" : r.err));
    }
  }
  std::string add;
  for (const char* line : {k_attributes_line, k_units_attributes_line}) {
    if (text.find(line) == std::string::npos) {
      add += std::string(line) + "\n";
    }
  }
  if (!add.empty()) {
    if (!text.empty() && text.back() != '\n') {
      text += '\n';
    }
    write_file_atomic(
        attributes,
        text + "# task files and units merge with duban's driver (duban git-setup)\n" + add);
  }
}

void require_repo(const fs::path& root) {
  if (!in_git_repo(root)) {
    throw usage_error(fmt::format("{} is not in a git repository (duban init --git, or git init)",
                                  root.string()));
  }
}

// Before the merge (SPEC §12): where the upstream branch now has a task file
// at a path at which this clone has another task that it never pushed, the
// local task moves to the next free id, so the published id keeps naming the
// task people know by it. Commits the moves (the merge needs them committed).
void resolve_collisions(Context& ctx, const Workspace& ws, const Upstream& up) {
  for (const std::string& rel : up.changed_task_files()) {
    const std::string id = fs::path(rel).stem().string();
    if (!is_valid_task_id(id) || ws.display_path(ws.task_path(id)) != rel) {
      continue;
    }
    std::error_code ec;
    const fs::path path = ws.task_path(id);
    if (!fs::is_regular_file(fs::symlink_status(path, ec))) {
      continue;
    }
    std::optional<Task> local = parse_or_none(path.string(), rel);
    std::optional<Task> theirs = up.task_at(up.ref(), rel);
    if (!local || !theirs) {
      continue;  // the merge reports what does not parse
    }
    std::optional<Task> base = up.task_at(up.base(), rel);
    if (!different_tasks(base ? &*base : nullptr, *local, *theirs)) {
      continue;
    }
    if (up.published(rel, *local)) {
      ctx.warn(fmt::format(
          "{}: two published tasks have the id {}; the merge stops on it for you to choose "
          "(duban renumber {} --move ours|theirs)",
          rel, id, id));
      continue;
    }
    std::string new_id = renumbered_copy(ws, identity_of(*local), id);
    if (new_id.empty()) {
      new_id = mint_id(ws, std::stoi(id.substr(0, 4)));
    }
    move_task(ws, *local, id, new_id, ctx.today(), std::nullopt);
    remember_ids(ws, {id, new_id});
    const std::vector<std::string> paths = {ws.display_path(ws.task_path(new_id)), rel};
    if (std::string failure; !commit_paths(
            ws.root(), paths,
            fmt::format("renumber {} to {}: {} is taken upstream", id, new_id, id), &failure)) {
      throw io_error(
          fmt::format("{} was renumbered {} but git could not commit it: {}", id, new_id, failure));
    }
    std::cerr << sanitize_terminal_lines(
        fmt::format("duban: sync: {} is taken upstream by another task ({}); this clone's task "
                    "({}), never pushed, is now {}\n",
                    id, theirs->title, local->title, new_id));
  }
}

// After a failed merge: the files left in conflict, or the failure itself.
void report_failed_merge(Context& ctx, const fs::path& root, const GitResult& merge) {
  GitResult unmerged = run_git(root, {"diff", "--name-only", "--diff-filter=U"});
  if (unmerged.out.empty()) {
    throw io_error("git merge failed: " + merge.err);
  }
  std::cerr << "duban: error: the merge stopped on conflicts in:\n"
            << sanitize_terminal_lines(unmerged.out)
            << "Run 'duban check' to see each one; fix a field with 'duban edit ID' or two tasks "
               "with one id "
               "with 'duban renumber ID', then 'git commit' and 'duban sync' again.\n";
  ctx.set_exit(k_exit_data);
}

void run_sync(Context& ctx) {
  const Workspace& ws = ctx.workspace();
  const fs::path root = ws.root();
  require_repo(root);
  if (run_git(root, {"config", "merge.duban.driver"}).out.empty()) {
    setup_git(root);
  }
  GitResult remotes = run_git(root, {"remote"});
  if (remotes.out.empty()) {
    throw usage_error("no remote to sync with; add one with 'git remote add origin URL'");
  }
  if (run_git(root, {"rev-parse", "-q", "--verify", "MERGE_HEAD"}).ok()) {
    throw data_error(
        "a merge is not finished: resolve it ('duban check' shows each conflict), 'git commit', "
        "then "
        "'duban sync' again");
  }
  // Someone may push between our fetch and our push: then fetch and merge again.
  for (int attempt = 1;; ++attempt) {
    {
      auto lock = ws.lock();
      GitResult fetch = run_git(root, {"fetch", "--quiet"});
      if (!fetch.ok()) {
        throw io_error("git fetch failed: " + fetch.err);
      }
      const Upstream up = Upstream::of(root);
      if (!up.exists()) {
        throw usage_error(
            "the current branch has no upstream branch; push it once with 'git push -u origin "
            "HEAD'");
      }
      resolve_collisions(ctx, ws, up);
      GitResult merge = run_git(root, {"merge", "--no-edit", up.ref()});
      if (!merge.ok()) {
        report_failed_merge(ctx, root, merge);
        return;
      }
      // Every id seen is never given again, even once its file is deleted.
      std::vector<std::string> seen;
      for (const fs::path& p : ws.task_files()) {
        seen.push_back(p.stem().string());
      }
      remember_ids(ws, seen);
    }
    GitResult push = run_git(root, {"push"});
    if (push.ok()) {
      break;
    }
    if (attempt == 3 || push.err.find("rejected") == std::string::npos) {
      throw io_error("git push failed: " + push.err);
    }
  }
  if (!ctx.options.quiet) {
    std::cerr << "synced: pulled and pushed\n";
  }
}

// The non-empty pieces of `s` between `sep`s.
std::vector<std::string> split_on(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = std::min(s.find(sep, pos), s.size());
    if (end > pos) {
      out.emplace_back(s.substr(pos, end - pos));
    }
    pos = end + 1;
  }
  return out;
}

// The blob of each of `paths` (relative to the workspace root) in commit
// `rev`; a path the commit does not hold is absent. Cached per commit.
class TreeBlobs {
 public:
  TreeBlobs(fs::path root, std::vector<std::string> paths)
      : root_(std::move(root)), paths_(std::move(paths)) {}

  const std::map<std::string, std::string>& of(const std::string& rev) {
    auto it = cache_.find(rev);
    if (it != cache_.end()) {
      return it->second;
    }
    std::vector<std::string> args = {"--literal-pathspecs", "ls-tree", "-z", rev, "--"};
    args.insert(args.end(), paths_.begin(), paths_.end());
    GitResult r = run_git(root_, args);
    if (!r.ok()) {
      throw io_error("git ls-tree failed: " + r.err);
    }
    std::map<std::string, std::string> blobs;
    for (const std::string& rec : split_on(r.out, '\0')) {  // "MODE TYPE HASH\tPATH"
      size_t tab = rec.find('\t');
      size_t sp = rec.rfind(' ', tab);
      if (tab != std::string::npos && sp != std::string::npos) {
        blobs[rec.substr(tab + 1)] = rec.substr(sp + 1, tab - sp - 1);
      }
    }
    return cache_.emplace(rev, std::move(blobs)).first->second;
  }

 private:
  fs::path root_;
  std::vector<std::string> paths_;
  std::map<std::string, std::map<std::string, std::string>> cache_;
};

// Whether the task file in `blob` is the task with `uid`: it names that uid,
// or, written before uids existed, none.
bool blob_is_task(const fs::path& root, const std::string& blob, const std::string& uid) {
  GitResult r = run_git(root, {"cat-file", "blob", blob});
  if (!r.ok()) {
    return false;
  }
  return r.out.find("\nuid: " + uid + "\n") != std::string::npos ||
         r.out.find("\nuid:") == std::string::npos;
}

// The commits that changed the task itself: those that changed its file, or
// the file of an id it had before a renumber, while it held this task (its
// uid). No rename or copy detection (two tasks' files look alike), every
// branch (a renumbered task's first commits are on a merged branch), and a
// merge only when it changed the file itself (a renumber inside a merge).
void run_history(Context& ctx, const std::string& typed) {
  Workspace& ws = ctx.workspace();
  const std::string id = ctx.resolve_id(typed);
  require_repo(ws.root());
  const std::string path = ws.display_path(ws.task_path(id));
  const Task task = ws.load_task(id);
  std::vector<std::string> paths = {path};
  for (const LogEntry& e : task.log) {
    const std::string& from = e.get("from");
    if (e.type == "renumber" && is_valid_task_id(from)) {
      const std::string old = ws.display_path(ws.task_path(from));
      if (std::find(paths.begin(), paths.end(), old) == paths.end()) {
        paths.push_back(old);
      }
    }
  }
  std::vector<std::string> args = {"--literal-pathspecs",
                                   "log",
                                   "--full-history",
                                   "--no-renames",
                                   "--date=short",
                                   "-z",
                                   "--format=%H %P%x09%h %ad %an %s",
                                   "--"};
  args.insert(args.end(), paths.begin(), paths.end());
  GitResult log = run_git(ws.root(), args);
  if (!log.ok()) {
    throw io_error("git log failed: " + log.err);
  }
  TreeBlobs trees(ws.root(), paths);
  std::map<std::string, bool> ours;  // blob -> holds this task
  std::string lines;
  for (const std::string& rec : split_on(log.out, '\0')) {
    const size_t tab = rec.find('\t');
    if (tab == std::string::npos) {
      continue;
    }
    const std::vector<std::string> revs = split_on(std::string_view(rec).substr(0, tab), ' ');
    bool changed_task = false;
    for (const std::string& p : paths) {
      auto blob_in = [&](const std::string& rev) {
        const auto& blobs = trees.of(rev);
        auto it = blobs.find(p);
        return it == blobs.end() ? std::string() : it->second;
      };
      const std::string now = blob_in(revs[0]);
      std::string before;  // the file as a parent had it, for a deletion
      bool changed = true;
      for (size_t i = 1; i < revs.size(); ++i) {
        const std::string then = blob_in(revs[i]);
        changed = changed && then != now;
        if (before.empty()) {
          before = then;
        }
      }
      const std::string& held = now.empty() ? before : now;
      if (!changed || held.empty()) {
        continue;
      }
      auto known = ours.find(held);
      if (known == ours.end()) {
        known =
            ours.emplace(held, task.uid.empty() || blob_is_task(ws.root(), held, task.uid)).first;
      }
      if (known->second) {
        changed_task = true;
        break;
      }
    }
    if (changed_task) {
      lines += rec.substr(tab + 1) + "\n";
    }
  }
  if (lines.empty()) {
    throw data_error(fmt::format("no commits touch {} (is it committed?)", path));
  }
  print(sanitize_terminal_lines(lines));  // names and subjects come from other clones
}

void run_renumber(Context& ctx, const std::string& typed, const std::string& to,
                  const std::string& side) {
  Workspace& ws = ctx.workspace();
  auto lock = ws.lock();
  const std::string id = ctx.resolve_id(typed);
  const fs::path path = ws.task_path(id);
  const std::string rel = ws.display_path(path);
  if (!fs::exists(status_of(path))) {
    throw data_error(fmt::format("no task {} (no file {})", id, rel));
  }
  const std::string text = read_file(path);
  const Upstream up = Upstream::of(ws.root());
  Task moved;
  std::optional<Task> keep;
  if (auto both = split_collision(text)) {
    // Two tasks got this id in a merge: the one never pushed moves (ours,
    // this clone's own, when neither is published).
    Task ours = parse_task(both->first, rel + " (ours)");
    Task theirs = parse_task(both->second, rel + " (theirs)");
    bool move_ours = !up.published(rel, ours);
    if (side.empty() && !move_ours && up.published(rel, theirs)) {
      throw data_error(fmt::format(
          "{}: both tasks with the id {} are published ({} has them) and a published id "
          "never moves by itself; choose with 'duban renumber {} --move ours' or '--move "
          "theirs'",
          rel, id, up.ref(), id));
    }
    if (!side.empty()) {
      move_ours = side == "ours";
    }
    moved = move_ours ? ours : theirs;
    keep = move_ours ? theirs : ours;
  } else {
    moved = parse_task(text, rel);
    if (!side.empty()) {
      throw usage_error(fmt::format("--move: {} does not hold two tasks with one id", rel));
    }
    if (up.published(rel, moved)) {
      throw data_error(
          fmt::format("{} is published ({} has it): a published id never changes, it may be on a "
                      "notice already",
                      id, up.ref()));
    }
  }
  std::string new_id = renumbered_copy(ws, identity_of(moved), id);
  if (!new_id.empty()) {
    ctx.warn(fmt::format("finishing an interrupted renumber: {} is {}", id, new_id));
  } else {
    new_id = to.empty() ? mint_id(ws, std::stoi(id.substr(0, 4))) : ctx.resolve_id(to);
    if (ws.task_exists(new_id) || up.task_at(up.ref(), ws.display_path(ws.task_path(new_id)))) {
      throw data_error(
          fmt::format("{} already exists{}", new_id, ws.task_exists(new_id) ? "" : " upstream"));
    }
  }
  move_task(ws, moved, id, new_id, ctx.today(), keep);
  remember_ids(ws, {id, new_id});
  std::vector<std::string> paths = {ws.display_path(ws.task_path(new_id)), rel};
  if (in_git_repo(ws.root())) {
    std::vector<std::string> add = {"add", "-A", "--"};
    add.insert(add.end(), paths.begin(), paths.end());
    run_git(ws.root(), add);
  }
  ctx.commit(paths, fmt::format("renumber {} to {}", id, new_id));
  print(new_id + "\n");
}

}  // namespace

void setup_git_repo(const fs::path& root) {
  setup_git(root);
}

void register_git_commands(CLI::App& app, Context& ctx) {
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* driver = app.add_subcommand(
      "merge-driver", "Three-way merge of one task file (git calls it: %O %A %B %P)");
  driver
      ->add_option("FILES", *files, "base, ours (receives the result), theirs, and the path shown")
      ->required()
      ->expected(3, 4);
  set_examples(*driver,
               "  duban git-setup    # configures git to call the driver\n"
               "  duban merge-driver base.yaml ours.yaml theirs.yaml tasks/2025/2025-0042.yaml\n");
  driver->callback([&ctx, files] {
    const auto& f = *files;
    ctx.set_exit(run_merge_driver(f[0], f[1], f[2], f.size() > 3 ? f[3] : f[1]));
  });

  CLI::App* setup = app.add_subcommand(
      "git-setup", "Install the merge driver in this clone's .git/config and .gitattributes");
  set_examples(*setup,
               "  duban git-setup\n"
               "  duban --dir /srv/office git-setup    # in a fresh clone\n");
  setup->callback([&ctx] {
    require_repo(ctx.workspace().root());
    setup_git(ctx.workspace().root());
    if (!ctx.options.quiet) {
      std::cerr << "merge driver installed\n";
    }
  });

  CLI::App* sync = app.add_subcommand(
      "sync",
      "Fetch, renumber this clone's tasks never pushed whose id was taken upstream, merge, push");
  set_examples(*sync, "  duban sync\n  duban sync || duban check\n");
  sync->callback([&ctx] { run_sync(ctx); });

  auto id = std::make_shared<std::string>();
  CLI::App* history =
      app.add_subcommand("history", "A task's changes from git log, one line per commit");
  history->add_option("ID", *id, "Task id")->required();
  set_examples(*history,
               "  duban history 2025-0042\n"
               "  duban history 42    # this year's 2025-0042\n");
  history->callback([&ctx, id] { run_history(ctx, *id); });

  auto old_id = std::make_shared<std::string>();
  auto new_id = std::make_shared<std::string>();
  auto side = std::make_shared<std::string>();
  CLI::App* renumber = app.add_subcommand("renumber",
                                          "Give a task never pushed a new id; after a merge where "
                                          "two tasks got one id, the one never pushed moves");
  renumber->add_option("ID", *old_id, "Task id")->required();
  renumber->add_option("--to", *new_id, "The new id (default: the next id never used in its year)");
  renumber
      ->add_option("--move", *side,
                   "Of two tasks with one id that are both published: the one that moves")
      ->check(CLI::IsMember({"ours", "theirs"}));
  set_examples(*renumber,
               "  duban renumber 2025-0043\n  duban renumber 2025-0043 --to 2025-0100\n");
  renumber->callback([&ctx, old_id, new_id, side] { run_renumber(ctx, *old_id, *new_id, *side); });
}

}  // namespace duban::cli
