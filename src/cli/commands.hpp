#pragma once

#include "cli/context.hpp"

namespace duban::cli {

// Each registers one subcommand (or a family) on `app`; the command's
// callback runs with `ctx` once the whole command line has parsed.
void register_init(CLI::App& app, Context& ctx);
void register_units(CLI::App& app, Context& ctx);
void register_add(CLI::App& app, Context& ctx);
void register_assign(CLI::App& app, Context& ctx);
void register_progress(CLI::App& app, Context& ctx);
void register_done(CLI::App& app, Context& ctx);
void register_recheck(CLI::App& app, Context& ctx);
void register_extend(CLI::App& app, Context& ctx);
void register_state_commands(CLI::App& app, Context& ctx);
void register_show(CLI::App& app, Context& ctx);
void register_list(CLI::App& app, Context& ctx);
void register_edit(CLI::App& app, Context& ctx);
void register_check(CLI::App& app, Context& ctx);

}  // namespace duban::cli
