#pragma once

#include <string>
#include <string_view>

#include "core/task.hpp"

namespace duban {

/// Read a task file's text. Throws a data Error "path:line: message" naming the
/// field and what was expected. Keys the program does not know are kept;
/// comments and further documents, which a rewrite would drop, set `unkept`.
Task parse_task(std::string_view text, const std::string& path);

/// The canonical text of a task file: fixed key order, block lists, UTF-8, LF,
/// final newline. parse_task(emit_task(t)) == t. Throws a data Error for a task
/// whose file holds what the text would drop (`unkept`).
std::string emit_task(const Task& task);

/// Ids are `YYYY-NNNN` with an optional upper-case prefix before the number
/// (`2025-B0042`); nothing else may become a file name.
bool is_valid_task_id(std::string_view id);

}  // namespace duban
