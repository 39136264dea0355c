#include "io/pdf.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>

#include "core/error.hpp"
#include "io/text.hpp"
#include "store/fsutil.hpp"
#include "store/process.hpp"

namespace fs = std::filesystem;

namespace duban {

namespace {

// A private temporary directory, deleted with what is in it.
class TempDir {
 public:
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "duban-pdf-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) {
      throw io_error(fmt::format("cannot create a temporary directory in {}",
                                 fs::temp_directory_path().string()));
    }
    path_ = templ;
  }
  ~TempDir() { remove_tree(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// `p` as a file:// URL (LibreOffice's -env:UserInstallation): bytes other
// than unreserved ones and '/' percent-encoded.
std::string file_url(const fs::path& p) {
  std::string out = "file://";
  for (unsigned char c : p.string()) {
    if (std::isalnum(c) != 0 || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// The last lines of what LibreOffice said, for an error message.
std::string tail_of(const ProcessResult& r) {
  std::string all = trim(r.err + "\n" + r.out);
  if (all.size() > 600) {
    all = "…" + all.substr(all.size() - 600);
  }
  return all.empty() ? "" : ": " + all;
}

}  // namespace

std::vector<std::string> docx_to_pdf(const std::vector<std::string>& docx, int timeout_seconds) {
  if (docx.empty()) {
    return {};
  }
  const std::optional<fs::path> soffice = find_program("soffice");
  if (!soffice) {
    throw io_error(k_pdf_needs_libreoffice);
  }
  TempDir tmp;
  const fs::path in = tmp.path() / "in";
  const fs::path out = tmp.path() / "out";
  fs::create_directory(in);
  fs::create_directory(out);
  // Plain names: a unit's name never reaches LibreOffice's command line.
  std::vector<std::string> argv = {soffice->string(),
                                   "--headless",
                                   "--norestore",
                                   "--nolockcheck",
                                   "-env:UserInstallation=" + file_url(tmp.path() / "profile"),
                                   "--convert-to",
                                   "pdf",
                                   "--outdir",
                                   out.string()};
  for (size_t i = 0; i < docx.size(); ++i) {
    const fs::path file = in / fmt::format("{:06}.docx", i + 1);
    write_file_atomic(file, docx[i], in);
    argv.push_back(file.string());
  }
  const ProcessResult r = run_process(argv, timeout_seconds * 1000);
  if (r.timed_out) {
    throw io_error(fmt::format("LibreOffice did not finish converting to PDF within {} seconds",
                               timeout_seconds));
  }
  if (r.code == -1) {
    throw io_error(fmt::format("cannot run {}", soffice->string()));
  }
  std::vector<std::string> pdfs;
  for (size_t i = 0; i < docx.size(); ++i) {
    const fs::path pdf = out / fmt::format("{:06}.pdf", i + 1);
    std::string bytes;
    std::string err;
    if (!read_regular_file(pdf, pdf.filename().string(), std::size_t{1} << 30, &bytes, &err) ||
        bytes.rfind("%PDF", 0) != 0) {
      throw io_error(fmt::format("LibreOffice made no PDF of document {} of {} (exit {}){}", i + 1,
                                 docx.size(), r.code, tail_of(r)));
    }
    pdfs.push_back(std::move(bytes));
  }
  return pdfs;
}

}  // namespace duban
