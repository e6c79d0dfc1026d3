// The `sada` subcommands as plain functions over core: each takes the words after its name and
// the output streams, and returns the process exit code (0 done, 1 failed, 2 usage error).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace sada::collector {

using Words = std::vector<std::string>;

int run_import(const Words& args, std::ostream& out, std::ostream& err);
int run_report(const Words& args, std::ostream& out, std::ostream& err);
int run_export(const Words& args, std::ostream& out, std::ostream& err);
int run_label(const Words& args, std::ostream& out, std::ostream& err);
int run_gen(const Words& args, std::ostream& out, std::ostream& err);
int run_classify(const Words& args, std::ostream& out, std::ostream& err);

// The whole program: `sada COMMAND ...`, `sada --help`, `sada COMMAND --help`.
int run(const Words& argv, std::ostream& out, std::ostream& err);

}  // namespace sada::collector
