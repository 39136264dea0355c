#pragma once

// PDF from .docx (SPEC §14 `--format pdf`): LibreOffice converts, headless,
// with a private profile in a temporary directory, so that neither a running
// LibreOffice of the user nor its settings take part.

#include <string>
#include <vector>

namespace duban {

/// The message when LibreOffice is not installed (exit 4).
inline constexpr const char* k_pdf_needs_libreoffice =
    "--format pdf needs LibreOffice: sudo apt install libreoffice-writer-nogui";

/// Convert every .docx (its bytes) with one run of `soffice --headless
/// --convert-to pdf` and return the PDFs' bytes in the same order; the caller
/// writes them. Throws an I/O Error (exit 4): k_pdf_needs_libreoffice when
/// soffice is not on PATH, or naming what failed (with the end of
/// LibreOffice's output) when it fails or runs longer than `timeout_seconds`.
std::vector<std::string> docx_to_pdf(const std::vector<std::string>& docx,
                                     int timeout_seconds = 300);

}  // namespace duban
