// Command-line parsing for `sada`: a subcommand, positional arguments and --options, where an
// option may take several values ("--by stage device", "--by stage,device" or "--by stage --by device").
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sada/result.hpp"

namespace sada::collector {

struct OptionSpec {
    std::string name;          // without the leading "--"
    bool takes_value = true;   // false: a flag
    bool repeatable = false;   // values accumulate (and one --NAME may list several)
};

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::vector<std::string>> values;  // option -> its values (flags: one "")

    bool has(const std::string& name) const { return values.contains(name); }
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> all(const std::string& name) const;
};

// Parses argv after the subcommand. Errors (code "usage"): unknown options, a missing value, an
// option given twice that is not repeatable.
Result<Args> parse_args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);

}  // namespace sada::collector
