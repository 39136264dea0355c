#pragma once

// Document numbers (发文字号, SPEC §14): the last number given in each series
// (督催 for notices, the bulletin's 期 …) and year, kept in numbers.yaml at the
// workspace root and shared through git:
//
//   督催:
//     2026: 7
//
// The file comes from other clones, so it is read as untrusted text: anything
// but series → year → number is refused with its line (exit 3).

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace duban {

class WriteLock;

/// The workspace file of the counters.
inline constexpr const char* k_doc_numbers_file = "numbers.yaml";

/// Years and numbers a counter may hold.
inline constexpr int k_doc_year_min = 1900;
inline constexpr int k_doc_year_max = 2999;
inline constexpr int k_doc_number_max = 999999;

/// The last number given, by series and year.
using DocNumbers = std::map<std::string, std::map<int, int>>;

/// numbers.yaml's text; `path` names it in errors ("numbers.yaml:3: …").
DocNumbers parse_doc_numbers(const std::string& text, const std::string& path);
std::string emit_doc_numbers(const DocNumbers& numbers);

/// The first of `count` numbers of `series` in `year`: `first` when given
/// (--doc-no), else the one after the last given. Nothing is written.
int next_doc_number(const DocNumbers& numbers, const std::string& series, int year, int count,
                    std::optional<int> first);

/// Reserve `count` numbers of `series` in `year` in `root`/numbers.yaml and
/// return the first: the counter moves to the last one reserved (never back,
/// so --doc-no below it does not make numbers given before come again). The
/// caller holds the workspace's write lock; the file is replaced atomically.
int reserve_doc_numbers(const std::filesystem::path& root, const WriteLock& lock,
                        const std::string& series, int year, int count,
                        std::optional<int> first = std::nullopt);

/// The first number reserve_doc_numbers would give, without writing (--dry-run).
int peek_doc_number(const std::filesystem::path& root, const std::string& series, int year,
                    int count, std::optional<int> first = std::nullopt);

}  // namespace duban
