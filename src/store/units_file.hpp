#pragma once

#include <filesystem>
#include <string>

#include "core/units.hpp"

namespace duban {

/// Read units.yaml (`units:` list). Errors name path:line.
Units parse_units(const std::string& text, const std::string& path);
/// Canonical text of units.yaml.
std::string emit_units(const Units& units);

/// units.yaml of the workspace at `root` as it is on disk now (no units when
/// the file is missing). A command that changes units.yaml reads it with this
/// after taking the writer lock, so that no other writer's change is lost
/// (SPEC §11); the copy read when the workspace was opened may be stale.
Units read_units_file(const std::filesystem::path& root);

/// A change of units.yaml that goes with task files written after it: the
/// constructor writes the new units.yaml atomically and keeps the previous
/// file as a hard link in .duban/; undo() puts it back with a rename, which
/// needs no disk space, so units added for task files that then fail to land
/// (a full disk) are taken back. Made with the writer lock held.
class UnitsFileChange {
 public:
  UnitsFileChange(const std::filesystem::path& root, const Units& units);
  /// Forgets the previous file: the change stands.
  ~UnitsFileChange();
  UnitsFileChange(const UnitsFileChange&) = delete;
  UnitsFileChange& operator=(const UnitsFileChange&) = delete;
  /// Restore units.yaml as it was before the change (remove it when there was
  /// none). False when it could not, with the reason in *err.
  bool undo(std::string* err) noexcept;

 private:
  std::filesystem::path file_;
  std::filesystem::path backup_;
  bool had_file_ = false;
  bool undone_ = false;
};

}  // namespace duban
