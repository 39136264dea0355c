#include "store/cache.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "store/fsutil.hpp"

namespace duban {

namespace {

constexpr std::string_view k_magic = "duban-cache\n";
constexpr std::uint32_t k_version = 4;
// A file modified this close to (or after) the cache's writing is re-read.
constexpr std::int64_t k_racy_window_ns = 2'000'000'000;
// A cache larger than this is not read (a million tasks take about 200 MB).
constexpr std::size_t k_max_cache_bytes = std::size_t{1} << 30;

// The log entries that change a task's state: their dates and values drive
// lights, reports and feedback cycles.
bool changes_state(const std::string& type) {
  static const std::vector<std::string> k_state = {"assign", "progress", "done",   "return",
                                                   "reopen", "recheck",  "cancel", "suspend",
                                                   "extend", "escalate"};
  return std::find(k_state.begin(), k_state.end(), type) != k_state.end();
}

// The entries a summary keeps: those, and what shows pending extension
// requests and unsigned notices (SPEC §15).
bool kept_type(const std::string& type) {
  return changes_state(type) || type == "remind" || type == "receipt" || type == "extend-request" ||
         type == "extend-refuse";
}

bool kept_field(const std::string& key) {
  return key == "to" || key == "from" || key == "level" || key == "rating" || key == "problem" ||
         key == "by" || key == "role";
}

class Writer {
 public:
  void u64(std::uint64_t v) {
    while (v >= 0x80) {
      out_ += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out_ += static_cast<char>(v);
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void str(std::string_view s) {
    u64(s.size());
    out_ += s;
  }
  void strings(const std::vector<std::string>& v) {
    u64(v.size());
    for (const std::string& s : v) {
      str(s);
    }
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) {
        throw std::runtime_error("truncated");
      }
      auto b = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (b < 0x80) {
        return v;
      }
    }
    throw std::runtime_error("bad number");
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  std::string str() { return std::string(view()); }
  std::string_view view() {
    std::uint64_t n = u64();
    if (n > in_.size() - pos_) {
      throw std::runtime_error("truncated");
    }
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::vector<std::string> strings() {
    std::uint64_t n = u64();
    if (n > in_.size() - pos_) {
      throw std::runtime_error("truncated");
    }
    std::vector<std::string> v;
    v.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      v.push_back(str());
    }
    return v;
  }
  bool done() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

// A fast 64-bit hash over the body, eight bytes at a time, so that a damaged
// cache is noticed without slowing every read down.
std::uint64_t checksum(std::string_view s) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  for (; i < s.size(); ++i) {
    h = (h ^ static_cast<unsigned char>(s[i])) * 0x100000001b3ull;
  }
  return h;
}

void write_summary(Writer& w, const Task& t) {
  w.str(t.id);
  w.str(t.title);
  w.str(t.kind);
  w.str(t.ref);
  w.str(t.leader);
  w.u64(t.listed ? 1 : 0);
  w.str(t.lead);
  w.strings(t.co);
  w.str(t.owner);
  w.i64(t.created.days());
  w.u64(t.due ? 1 : 0);
  if (t.due) {
    w.i64(t.due->days());
  }
  w.str(t.cadence);
  w.u64(static_cast<std::uint64_t>(t.status));
  w.u64(static_cast<std::uint64_t>(t.escalation));
  w.strings(t.tags);
  w.u64(t.milestones.size());
  for (const Milestone& m : t.milestones) {
    w.str(m.title);
    w.i64(m.due.days());
    w.u64(m.done ? 1 : 0);
    if (m.done) {
      w.i64(m.done->days());
    }
  }
  w.u64(t.log.size());
  for (const LogEntry& e : t.log) {
    w.i64(e.date.days());
    w.str(e.type);
    w.u64(e.fields.size());
    for (const LogField& f : e.fields) {
      w.str(f.key);
      w.str(f.value);
      w.u64(f.plain ? 1 : 0);
    }
  }
}

Task read_summary(Reader& r) {
  Task t;
  t.partial = true;
  t.id = r.str();
  t.title = r.str();
  t.kind = r.str();
  t.ref = r.str();
  t.leader = r.str();
  t.listed = r.u64() != 0;
  t.lead = r.str();
  t.co = r.strings();
  t.owner = r.str();
  t.created = Date::from_days(static_cast<int>(r.i64()));
  if (r.u64() != 0) {
    t.due = Date::from_days(static_cast<int>(r.i64()));
  }
  t.cadence = r.str();
  std::uint64_t status = r.u64();
  if (status > static_cast<std::uint64_t>(Status::cancelled)) {
    throw std::runtime_error("bad status");
  }
  t.status = static_cast<Status>(status);
  t.escalation = static_cast<int>(r.u64());
  t.tags = r.strings();
  std::uint64_t milestones = r.u64();
  for (std::uint64_t i = 0; i < milestones; ++i) {
    Milestone m;
    m.title = r.str();
    m.due = Date::from_days(static_cast<int>(r.i64()));
    if (r.u64() != 0) {
      m.done = Date::from_days(static_cast<int>(r.i64()));
    }
    t.milestones.push_back(std::move(m));
  }
  std::uint64_t entries = r.u64();
  t.log.reserve(entries);
  for (std::uint64_t i = 0; i < entries; ++i) {
    LogEntry e;
    e.date = Date::from_days(static_cast<int>(r.i64()));
    e.type = r.str();
    std::uint64_t fields = r.u64();
    for (std::uint64_t k = 0; k < fields; ++k) {
      LogField f;
      f.key = r.str();
      f.value = r.str();
      f.plain = r.u64() != 0;
      e.fields.push_back(std::move(f));
    }
    t.log.push_back(std::move(e));
  }
  return t;
}

}  // namespace

TaskBrief brief_of(const Task& t) {
  TaskBrief b{t.status, t.created, t.created};
  for (const LogEntry& e : t.log) {
    if (changes_state(e.type) && e.date > b.last_event) {
      b.last_event = e.date;
    }
  }
  return b;
}

Task summarize_task(const Task& full) {
  Task t;
  t.partial = true;
  t.id = full.id;
  t.title = full.title;
  t.kind = full.kind;
  t.ref = full.ref;
  t.leader = full.leader;
  t.listed = full.listed;
  t.lead = full.lead;
  t.co = full.co;
  t.owner = full.owner;
  t.created = full.created;
  t.due = full.due;
  t.cadence = full.cadence;
  t.status = full.status;
  t.escalation = full.escalation;
  t.tags = full.tags;
  for (const Milestone& m : full.milestones) {
    t.milestones.push_back(Milestone{m.title, m.due, m.done, {}});
  }
  // Every progress date stays: feedback-late asks whether a given cycle holds one,
  // and a past as-of date needs the latest on or before it (SPEC §8).
  for (const LogEntry& e : full.log) {
    if (!kept_type(e.type)) {
      continue;
    }
    LogEntry slim{e.date, e.type, {}, {}};
    for (const LogField& f : e.fields) {
      if (kept_field(f.key) && !f.is_list) {
        slim.fields.push_back(LogField{f.key, f.value, {}, false, f.plain});
      }
    }
    t.log.push_back(std::move(slim));
  }
  return t;
}

std::string serialize_summary(const Task& t) {
  Writer w;
  write_summary(w, t);
  return std::move(w.bytes());
}

Task deserialize_summary(std::string_view bytes) {
  Reader r(bytes);
  Task t = read_summary(r);
  if (!r.done()) {
    throw std::runtime_error("trailing bytes");
  }
  return t;
}

TaskCache TaskCache::load(const std::filesystem::path& file) {
  TaskCache cache;
  std::string bytes;
  std::string err;
  if (!read_regular_file(file, file.string(), k_max_cache_bytes, &bytes, &err)) {
    return cache;
  }
  cache.bytes_ = std::make_shared<const std::string>(std::move(bytes));
  std::string_view view(*cache.bytes_);
  if (view.substr(0, k_magic.size()) != k_magic || view.size() < k_magic.size() + 8) {
    return TaskCache{};
  }
  view.remove_prefix(k_magic.size());
  std::uint64_t stored_sum = 0;
  std::memcpy(&stored_sum, view.data(), 8);
  view.remove_prefix(8);
  if (checksum(view) != stored_sum) {
    return TaskCache{};
  }
  try {
    Reader r(view);
    if (r.u64() != k_version) {
      return TaskCache{};
    }
    cache.written_ns_ = r.i64();
    const std::uint64_t n = r.u64();
    if (n > view.size()) {
      return TaskCache{};
    }
    cache.slots_.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
      Slot s;
      s.path = r.view();
      s.stamp.size = r.u64();
      s.stamp.inode = r.u64();
      s.stamp.mtime_ns = r.i64();
      const std::uint64_t status = r.u64();
      if (status > static_cast<std::uint64_t>(Status::cancelled)) {
        return TaskCache{};
      }
      s.brief.status = static_cast<Status>(status);
      s.brief.created = Date::from_days(static_cast<int>(r.i64()));
      s.brief.last_event = Date::from_days(static_cast<int>(r.i64()));
      s.broken = r.u64() != 0;
      s.payload = r.view();
      if (!cache.slots_.empty() && cache.slots_.back().path >= s.path) {
        return TaskCache{};
      }
      cache.slots_.push_back(s);
    }
    if (!r.done()) {
      return TaskCache{};
    }
  } catch (const std::exception&) {
    return TaskCache{};
  }
  return cache;
}

void TaskCache::save(const std::filesystem::path& file, const std::vector<CacheEntry>& entries) {
  Writer w;
  w.u64(k_version);
  const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  w.i64(now);
  w.u64(entries.size());
  for (const CacheEntry& e : entries) {
    w.str(e.path);
    w.u64(e.stamp.size);
    w.u64(e.stamp.inode);
    w.i64(e.stamp.mtime_ns);
    w.u64(static_cast<std::uint64_t>(e.brief.status));
    w.i64(e.brief.created.days());
    w.i64(e.brief.last_event.days());
    w.u64(e.broken ? 1 : 0);
    w.str(e.payload);
  }
  const std::uint64_t sum = checksum(w.bytes());
  std::string out(k_magic);
  out.append(reinterpret_cast<const char*>(&sum), 8);
  out += w.bytes();
  // A read-only workspace simply runs without a cache.
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::string err;
  write_file_atomic(file, out, {}, &err);
}

namespace {

bool usable(const TaskCache::Slot& s, std::string_view path, const FileStamp& stamp,
            std::int64_t written_ns) {
  return s.path == path && s.stamp == stamp && stamp.mtime_ns < written_ns - k_racy_window_ns;
}

}  // namespace

const TaskCache::Slot* TaskCache::lookup(std::string_view path, const FileStamp& stamp) const {
  auto it = std::lower_bound(slots_.begin(), slots_.end(), path,
                             [](const Slot& s, std::string_view p) { return s.path < p; });
  return it != slots_.end() && usable(*it, path, stamp, written_ns_) ? &*it : nullptr;
}

const TaskCache::Slot* TaskCache::lookup_next(std::string_view path, const FileStamp& stamp,
                                              size_t& cursor) const {
  while (cursor < slots_.size() && slots_[cursor].path < path) {
    ++cursor;
  }
  return cursor < slots_.size() && usable(slots_[cursor], path, stamp, written_ns_)
             ? &slots_[cursor]
             : nullptr;
}

}  // namespace duban
