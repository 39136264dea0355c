#pragma once

#include <vector>

namespace duban {

/// A file compiled into the binary.
struct EmbeddedFile {
  const char* name;
  const char* text;
};

/// The official holiday calendars shipped with duban (calendar/YYYY.yaml).
const std::vector<EmbeddedFile>& embedded_calendars();

}  // namespace duban
