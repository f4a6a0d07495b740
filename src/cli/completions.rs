//! `roledex completions SHELL`: clap's script for the commands and options,
//! taught to offer role and tool names by asking `roledex __names`, so
//! user content is offered too and the script never goes stale.

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;
use super::error::{CliError, CliResult};
use super::output::print;

/// The script for `shell`, with role and tool names completed.
pub fn script(shell: Shell) -> Result<String, CliError> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "roledex", &mut buf);
    let base = String::from_utf8(buf).map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(match shell {
        Shell::Bash => format!("{base}{BASH}"),
        Shell::Zsh => zsh(&base),
        Shell::Fish => format!("{base}{FISH}"),
        // PowerShell and Elvish get commands and options only.
        _ => base,
    })
}

pub fn run(shell: Shell) -> CliResult {
    print(&script(shell)?)
}

/// Wraps clap's `_roledex`: after `show`, `compare`, `--role`, a role id;
/// after `tool`, a tool id.
const BASH: &str = r#"
_roledex_names() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" sub="" w
    for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
        case "$w" in -*) ;; *) sub="$w"; break ;; esac
    done
    _roledex "$@"
    [[ "$cur" == -* ]] && return 0
    local what=""
    case "$prev" in
        -r|--role) what=roles ;;
        *) case "$sub" in show|compare) what=roles ;; tool) what=tools ;; esac ;;
    esac
    [[ -z "$what" ]] && return 0
    COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" __names "$what" 2>/dev/null)" -- "$cur") )
    return 0
}
complete -F _roledex_names -o bashdefault -o default roledex
"#;

const FISH: &str = r#"
complete -c roledex -n "__fish_seen_subcommand_from show compare" -f -a "(roledex __names roles 2>/dev/null)"
complete -c roledex -n "__fish_seen_subcommand_from search" -l role -s r -f -a "(roledex __names roles 2>/dev/null)"
complete -c roledex -n "__fish_seen_subcommand_from tool" -f -a "(roledex __names tools 2>/dev/null)"
"#;

const ZSH_FUNCTIONS: &str = r#"
(( $+functions[_roledex_roles] )) ||
_roledex_roles() {
    local -a names; names=(${(f)"$(roledex __names roles 2>/dev/null)"})
    _describe -t roles 'role' names
}
(( $+functions[_roledex_tools] )) ||
_roledex_tools() {
    local -a names; names=(${(f)"$(roledex __names tools 2>/dev/null)"})
    _describe -t tools 'tool' names
}
"#;

/// clap's zsh script with the role and tool arguments' `_default` action
/// replaced by functions that ask for the names.
fn zsh(base: &str) -> String {
    let mut out = String::with_capacity(base.len() + ZSH_FUNCTIONS.len());
    for line in base.split_inclusive('\n') {
        let t = line.trim_start();
        let action = if t.starts_with("':role -- ")
            || t.starts_with("'*::roles -- ")
            || t.starts_with("'-r+[Only hits from this role]")
            || t.starts_with("'--role=[Only hits from this role]")
        {
            Some("_roledex_roles")
        } else if t.starts_with("':name -- Tool") {
            Some("_roledex_tools")
        } else {
            None
        };
        match action {
            Some(a) => out.push_str(&line.replacen(":_default'", &format!(":{a}'"), 1)),
            None => out.push_str(line),
        }
        if line.starts_with("#compdef") {
            out.push_str(ZSH_FUNCTIONS);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zsh_role_and_tool_arguments_ask_for_names() {
        let s = script(Shell::Zsh).unwrap();
        // show, compare, search --role (short and long), tool.
        assert_eq!(s.matches(":_roledex_roles'").count(), 4, "{s}");
        assert_eq!(s.matches(":_roledex_tools'").count(), 1, "{s}");
        assert!(s.starts_with("#compdef roledex\n"));
    }
}
