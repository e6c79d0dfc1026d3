// Command-line parsing for `sada` (see args.hpp).
#include "args.hpp"

namespace sada::collector {

std::optional<std::string> Args::value(const std::string& name) const {
    const auto found = values.find(name);
    if (found == values.end() || found->second.empty()) return std::nullopt;
    return found->second.back();
}

std::vector<std::string> Args::all(const std::string& name) const {
    const auto found = values.find(name);
    return found == values.end() ? std::vector<std::string>{} : found->second;
}

Result<Args> parse_args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
    Args args;
    const auto spec_of = [&](const std::string& name) -> const OptionSpec* {
        for (const OptionSpec& spec : specs) {
            if (spec.name == name) return &spec;
        }
        return nullptr;
    };
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (!word.starts_with("--") || word == "--") {
            args.positional.push_back(word);
            continue;
        }
        std::string name = word.substr(2);
        std::optional<std::string> inline_value;
        if (const auto equals = name.find('='); equals != std::string::npos) {
            inline_value = name.substr(equals + 1);
            name.resize(equals);
        }
        const OptionSpec* spec = spec_of(name);
        if (spec == nullptr) return Error{"usage", "unknown option --" + name};
        if (args.has(name) && !spec->repeatable) return Error{"usage", "--" + name + " is given twice"};
        auto& values = args.values[name];
        if (!spec->takes_value) {
            if (inline_value) return Error{"usage", "--" + name + " takes no value"};
            values.push_back("");
            continue;
        }
        std::vector<std::string> given;
        if (inline_value) {
            given.push_back(*inline_value);
        } else {
            // One value, or for a repeatable option every word up to the next option.
            while (i + 1 < argv.size() && !argv[i + 1].starts_with("--")) {
                given.push_back(argv[++i]);
                if (!spec->repeatable) break;
            }
        }
        if (given.empty() || (given.size() == 1 && given.front().empty())) return Error{"usage", "--" + name + " needs a value"};
        for (const std::string& item : given) {
            if (!spec->repeatable) {
                values.push_back(item);
                continue;
            }
            std::size_t start = 0;
            for (;;) {  // "stage,device" lists two values
                const std::size_t comma = item.find(',', start);
                const std::string part = item.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (!part.empty()) values.push_back(part);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        }
    }
    return args;
}

}  // namespace sada::collector
