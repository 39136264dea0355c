#pragma once

// PDF from .docx (SPEC §14 `--format pdf`): LibreOffice converts, headless,
// with a private profile in a temporary directory, so that neither a running
// LibreOffice of the user nor its settings take part.

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace duban {

/// The message when LibreOffice is not installed (exit 4).
inline constexpr const char* k_pdf_needs_libreoffice =
    "--format pdf needs LibreOffice: sudo apt install libreoffice-writer-nogui";

/// One document to convert: the .docx bytes and where its PDF goes.
struct PdfJob {
  std::string docx;
  std::filesystem::path pdf;
};

/// Convert every job with one run of `soffice --headless --convert-to pdf`
/// and write each PDF atomically to its path. Throws an I/O Error (exit 4):
/// k_pdf_needs_libreoffice when soffice is not on PATH, or naming what failed
/// (with the end of LibreOffice's output) when it fails or runs longer than
/// `timeout_seconds`. Nothing is written unless every PDF was made.
void docx_to_pdf(const std::vector<PdfJob>& jobs, int timeout_seconds = 300);

}  // namespace duban
