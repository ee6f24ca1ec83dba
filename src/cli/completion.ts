/**
 * `pim-stepup completion bash|zsh|pwsh`: a script that completes commands and flags. Role names
 * are not completed: that would need a sign-in on every Tab.
 */
import { COMMANDS } from './help';
import { OPTIONS, OPTION_NAMES } from './options';

export const SHELLS = ['bash', 'zsh', 'pwsh'] as const;
export type Shell = (typeof SHELLS)[number];

const flags = (): string[] => OPTION_NAMES.map((name) => `--${name}`);
const valueFlags = (): string[] => OPTION_NAMES.filter((name) => OPTIONS[name].type === 'string').map((name) => `--${name}`);

function bash(): string {
  return `# pim-stepup completion for bash: eval "$(pim-stepup completion bash)"
_pim_stepup() {
  local cur prev
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    --cloud) COMPREPLY=($(compgen -W "public usgov usgov-dod china" -- "$cur")); return ;;
    --config) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur")); return ;;
    ${valueFlags().join('|')}) return ;;
  esac
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${COMMANDS.join(' ')} --help --version" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "${flags().join(' ')}" -- "$cur"))
  fi
}
complete -F _pim_stepup pim-stepup
`;
}

function zsh(): string {
  return `#compdef pim-stepup
# pim-stepup completion for zsh: eval "$(pim-stepup completion zsh)"
_pim_stepup() {
  if (( CURRENT == 2 )); then
    compadd -- ${COMMANDS.join(' ')} --help --version
  elif [[ \${words[2]} == completion ]]; then
    compadd -- ${SHELLS.join(' ')}
  elif [[ \${words[CURRENT-1]} == --cloud ]]; then
    compadd -- public usgov usgov-dod china
  elif [[ \${words[CURRENT-1]} == --config ]]; then
    _files
  else
    compadd -- ${flags().join(' ')}
  fi
}
compdef _pim_stepup pim-stepup
`;
}

function pwsh(): string {
  const list = (items: readonly string[]): string => items.map((i) => `'${i}'`).join(', ');
  return `# pim-stepup completion for PowerShell: pim-stepup completion pwsh | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName pim-stepup -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
  $count = $words.Count
  if ($wordToComplete -ne '') { $count -= 1 }
  if ($count -le 1) { $candidates = @(${list([...COMMANDS, '--help', '--version'])}) }
  elseif ($words[1] -eq 'completion') { $candidates = @(${list(SHELLS)}) }
  elseif ($words[$count - 1] -eq '--cloud') { $candidates = @('public', 'usgov', 'usgov-dod', 'china') }
  else { $candidates = @(${list(flags())}) }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } |
    ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
}
`;
}

export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return bash();
    case 'zsh':
      return zsh();
    case 'pwsh':
      return pwsh();
  }
}
