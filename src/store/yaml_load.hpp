#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace YAML {
class Node;
}

namespace duban {

/// What a YAML text holds besides the values of its first document, which a
/// program that rewrites the file would drop. Lines are 1-based, 0 when absent.
struct YamlLeftovers {
  int comment_line = 0;
  int document_line = 0;  // a second document, whatever it holds (even nothing)
  int tag_line = 0;       // an explicit tag other than !!str (!!python/…, !!binary, !foo)
  std::string tag;        // that tag, as written (its first 60 bytes)
};

/// The first document of `text` as a node tree, for text from any source.
/// Refuses with a data Error "path:line: not valid YAML: …" what would make
/// yaml-cpp or a walk over its tree crash or hang: a NUL byte, flow
/// collections nested too deeply, an alias inside the node its anchor names
/// (a cycle), aliases standing for too many values in all (billion laughs).
/// With `leftovers`, also finds comments, further documents and tags; without,
/// refuses a tag other than !!str ("path:line: a YAML tag (…)").
YAML::Node load_yaml(std::string_view text, const std::string& path,
                     YamlLeftovers* leftovers = nullptr);

/// The value of scalar `node` as a T (int, double or bool), or nullopt where
/// yaml-cpp's as<T>() would throw: a conversion failure is a value, not an exception.
template <class T>
std::optional<T> scalar_as(const YAML::Node& node);

}  // namespace duban
