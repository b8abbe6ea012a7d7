function __ss-worker_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ss-worker_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __ss-worker_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ss-worker_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __ss-worker_parse_tokens -S
    set -l unparsed_tokens (__ss-worker_tokens -pc)
    switch $unparsed_tokens[1]
    case 'ss-worker'
        __ss-worker_parse_subcommand 0 'queues=' 'concurrency=' 'lease-seconds=' 'poll-interval=' 'shutdown-grace=' 'keep-succeeded-days=' 'keep-failed-days=' 'audit-every=' 'audit-bandwidth=' 'metrics-listen=' 'database-url=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __ss-worker_parse_subcommand -r 1 'version'
        end
    end
end

function __ss-worker_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __ss-worker_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __ss-worker_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __ss-worker_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__ss-worker_tokens -p)
    if test -z "$(__ss-worker_tokens -t)"
        set -l index (count (__ss-worker_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'ss-worker' -f
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" queues' -l 'queues' -d 'Comma-separated queues to take jobs from (default: all).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" concurrency' -l 'concurrency' -d 'Jobs run at once (default: the number of cores).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" lease-seconds' -l 'lease-seconds' -d 'Seconds a claimed job stays ours without a heartbeat (default 60).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" poll-interval' -l 'poll-interval' -d 'Seconds between polls when no notification arrives (default 1).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" shutdown-grace' -l 'shutdown-grace' -d 'Seconds running jobs may take to finish on shutdown before they are released (default 30).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" keep-succeeded-days' -l 'keep-succeeded-days' -d 'Days to keep succeeded jobs (default 14).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" keep-failed-days' -l 'keep-failed-days' -d 'Days to keep failed and cancelled jobs (default 90).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" audit-every' -l 'audit-every' -d 'Verify every copy at least this often: 90d, 12h, 30m (default 90d).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" audit-bandwidth' -l 'audit-bandwidth' -d 'Bytes per second this worker\'s audits may read: 100MiB, 1GB, 0 for no limit (default 0).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" metrics-listen' -l 'metrics-listen' -d 'Serve this worker\'s figures at GET /metrics here (no key).' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss&sslmode=verify-full&sslrootcert=ca.pem; see `man ss-cli`). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" version' -l 'version' -d 'Show the version.'
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_positional "ss-worker" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'ss-worker' -n '__ss-worker_should_offer_completions_for_flags_or_options "ss-worker help" version' -l 'version' -d 'Show the version.'
