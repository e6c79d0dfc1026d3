// sada's entry point: hands the command line to the subcommands (commands.cpp).
#include "commands.hpp"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> words(argv + 1, argv + argc);
    return sada::collector::run(words, std::cout, std::cerr);
}
