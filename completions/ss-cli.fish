function __ss-cli_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ss-cli_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __ss-cli_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __ss-cli_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __ss-cli_parse_tokens -S
    set -l unparsed_tokens (__ss-cli_tokens -pc)
    switch $unparsed_tokens[1]
    case 'ss-cli'
        __ss-cli_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'aip'
            __ss-cli_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'store'
                __ss-cli_parse_subcommand 1 'from=' 'to=' 'uuid=' 'remove-source' 'type=' 'priority=' 'queue=' 'idempotency-key=' 'wait' 'timeout=' 'progress' 'database-url=' 'version' 'h/help'
            case 'move'
                __ss-cli_parse_subcommand 1 'to=' 'priority=' 'queue=' 'idempotency-key=' 'wait' 'timeout=' 'progress' 'database-url=' 'version' 'h/help'
            case 'delete'
                __ss-cli_parse_subcommand 1 'reason=' 'priority=' 'queue=' 'idempotency-key=' 'wait' 'timeout=' 'progress' 'database-url=' 'version' 'h/help'
            case 'fixity'
                __ss-cli_parse_subcommand 1 'priority=' 'queue=' 'idempotency-key=' 'wait' 'timeout=' 'progress' 'database-url=' 'version' 'h/help'
            case 'show'
                __ss-cli_parse_subcommand 1 'json' 'database-url=' 'version' 'h/help'
            case 'list'
                __ss-cli_parse_subcommand 0 'location=' 'status=' 'limit=' 'json' 'q/quiet' 'database-url=' 'version' 'h/help'
            case 'extract'
                __ss-cli_parse_subcommand 2 'o/output=' 'database-url=' 'version' 'h/help'
            case 'delete-requests'
                __ss-cli_parse_subcommand 0 'version' 'h/help'
                switch $unparsed_tokens[1]
                case 'list'
                    __ss-cli_parse_subcommand 0 'status=' 'all' 'json' 'database-url=' 'version' 'h/help'
                case 'approve'
                    __ss-cli_parse_subcommand 1 'reason=' 'database-url=' 'version' 'h/help'
                case 'reject'
                    __ss-cli_parse_subcommand 1 'reason=' 'database-url=' 'version' 'h/help'
                end
            end
        case 'batch'
            __ss-cli_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'submit'
                __ss-cli_parse_subcommand 1 'print-jobs' 'priority=' 'queue=' 'idempotency-key=' 'wait' 'timeout=' 'progress' 'database-url=' 'version' 'h/help'
            case 'status'
                __ss-cli_parse_subcommand 1 'json' 'database-url=' 'version' 'h/help'
            case 'wait'
                __ss-cli_parse_subcommand 1 'timeout=' 'progress' 'json' 'database-url=' 'version' 'h/help'
            case 'cancel'
                __ss-cli_parse_subcommand 1 'database-url=' 'version' 'h/help'
            end
        case 'location'
            __ss-cli_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __ss-cli_parse_subcommand 1 'path=' 'purpose=' 'description=' 'removable-source' 'pipeline=+' 'database-url=' 'version' 'h/help'
            case 'list'
                __ss-cli_parse_subcommand 0 'purpose=' 'pipeline=' 'json' 'q/quiet' 'database-url=' 'version' 'h/help'
            case 'show'
                __ss-cli_parse_subcommand 1 'json' 'database-url=' 'version' 'h/help'
            case 'browse'
                __ss-cli_parse_subcommand 2 'json' 'database-url=' 'version' 'h/help'
            case 'copy'
                __ss-cli_parse_subcommand 2 'to=' 'as=' 'pipeline=' 'wait' 'timeout=' 'database-url=' 'version' 'h/help'
            end
        case 'job'
            __ss-cli_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'status'
                __ss-cli_parse_subcommand 1 'json' 'database-url=' 'version' 'h/help'
            case 'list'
                __ss-cli_parse_subcommand 0 'state=' 'kind=' 'batch=' 'queue=' 'limit=' 'json' 'q/quiet' 'database-url=' 'version' 'h/help'
            case 'wait'
                __ss-cli_parse_subcommand -r 1 'timeout=' 'progress' 'json' 'database-url=' 'version' 'h/help'
            case 'cancel'
                __ss-cli_parse_subcommand 1 'database-url=' 'version' 'h/help'
            case 'retry'
                __ss-cli_parse_subcommand 1 'database-url=' 'version' 'h/help'
            end
        case 'db'
            __ss-cli_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'migrate'
                __ss-cli_parse_subcommand 0 'database-url=' 'version' 'h/help'
            case 'status'
                __ss-cli_parse_subcommand 0 'json' 'database-url=' 'version' 'h/help'
            case 'start'
                __ss-cli_parse_subcommand 0 'version' 'h/help'
            case 'stop'
                __ss-cli_parse_subcommand 0 'version' 'h/help'
            end
        case 'config'
            __ss-cli_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __ss-cli_parse_subcommand 0 'json' 'database-url=' 'version' 'h/help'
            end
        case 'ping'
            __ss-cli_parse_subcommand 0 'count=' 'queue=' 'timeout=' 'no-wait' 'one-by-one' 'json' 'database-url=' 'version' 'h/help'
        case 'serve'
            __ss-cli_parse_subcommand 0 'listen=' 'max-body-bytes=' 'database-url=' 'version' 'h/help'
        case 'apikey'
            __ss-cli_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'create'
                __ss-cli_parse_subcommand 1 'replace' 'scope=' 'database-url=' 'version' 'h/help'
            case 'list'
                __ss-cli_parse_subcommand 0 'json' 'database-url=' 'version' 'h/help'
            case 'scope'
                __ss-cli_parse_subcommand 2 'database-url=' 'version' 'h/help'
            case 'revoke'
                __ss-cli_parse_subcommand 1 'database-url=' 'version' 'h/help'
            end
        case 'pipeline'
            __ss-cli_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __ss-cli_parse_subcommand 1 'description=' 'remote-name=' 'shared-path=' 'default-locations' 'database-url=' 'version' 'h/help'
            case 'list'
                __ss-cli_parse_subcommand 0 'json' 'database-url=' 'version' 'h/help'
            end
        case 'help'
            __ss-cli_parse_subcommand -r 1 'version'
        end
    end
end

function __ss-cli_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __ss-cli_parse_subcommand -S -a positional_count
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

function __ss-cli_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __ss-cli_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__ss-cli_tokens -p)
    if test -z "$(__ss-cli_tokens -t)"
        set -l index (count (__ss-cli_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'ss-cli' -f
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'aip' -d 'Store, move, delete and check AIPs; show and list them.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'batch' -d 'Submit many AIP operations at once, and follow or cancel them as one.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'location' -d 'Add, list, show, browse and copy into locations: named directories that hold AIPs or their sources.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'job' -d 'Inspect and steer jobs: status, list, wait, cancel, retry.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'db' -d 'Manage the database: schema migrations and the embedded local cluster.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'config' -d 'Show the settings in effect and where each comes from.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'ping' -d 'Check that workers are alive: enqueue system.noop jobs and time their round trip.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'serve' -d 'Run the HTTP API: Archivematica Storage Service v2 for AIPs, and the all-async v3.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'apikey' -d 'Make, list, scope and revoke the API keys of `ss-cli serve`.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'pipeline' -d 'Register the Archivematica pipelines that use this storage service.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip" -eq 1' -fa 'store' -d 'Store a new AIP (a bag directory or one file) from a location into an AIP location.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip" -eq 1' -fa 'move' -d 'Move a stored AIP to another location.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip" -eq 1' -fa 'delete' -d 'Delete a stored AIP\'s files, recording why.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip" -eq 1' -fa 'fixity' -d 'Check a stored AIP: re-hash it where it is (and re-validate its bag).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip" -eq 1' -fa 'show' -d 'Show an AIP: where it is, its size and SHA-256, and its history.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip" -eq 1' -fa 'list' -d 'List AIPs, newest first.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip" -eq 1' -fa 'extract' -d 'Write one file of a stored AIP to stdout (or --output), as extract_file/ serves it.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip" -eq 1' -fa 'delete-requests' -d 'Review requests to delete AIPs: list, approve (enqueues the delete), reject.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" from' -l 'from' -d 'The location it is in (name or UUID).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" to' -l 'to' -d 'The AIP location to store it in (name or UUID).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" uuid' -l 'uuid' -d 'The AIP\'s UUID (default: from its name, else new).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" remove-source' -l 'remove-source' -d 'Remove the source once the AIP is stored.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" type' -l 'type' -d 'AIP, AIC, DIP or transfer.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" priority' -l 'priority' -d 'Higher runs first (default 0).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" queue' -l 'queue' -d 'The queue to put the job in.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" idempotency-key' -l 'idempotency-key' -d 'A key that makes resubmitting safe: what was submitted with this key is returned instead of anything new.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" wait' -l 'wait' -d 'Wait until it ends, like `job wait` (same exit statuses).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" timeout' -l 'timeout' -d 'With --wait: give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" progress' -l 'progress' -d 'With --wait: show progress on stderr.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip store" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" to' -l 'to' -d 'The location to move it to (name or UUID).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" priority' -l 'priority' -d 'Higher runs first (default 0).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" queue' -l 'queue' -d 'The queue to put the job in.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" idempotency-key' -l 'idempotency-key' -d 'A key that makes resubmitting safe: what was submitted with this key is returned instead of anything new.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" wait' -l 'wait' -d 'Wait until it ends, like `job wait` (same exit statuses).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" timeout' -l 'timeout' -d 'With --wait: give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" progress' -l 'progress' -d 'With --wait: show progress on stderr.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip move" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" reason' -l 'reason' -d 'Why it is deleted (required).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" priority' -l 'priority' -d 'Higher runs first (default 0).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" queue' -l 'queue' -d 'The queue to put the job in.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" idempotency-key' -l 'idempotency-key' -d 'A key that makes resubmitting safe: what was submitted with this key is returned instead of anything new.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" wait' -l 'wait' -d 'Wait until it ends, like `job wait` (same exit statuses).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" timeout' -l 'timeout' -d 'With --wait: give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" progress' -l 'progress' -d 'With --wait: show progress on stderr.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" priority' -l 'priority' -d 'Higher runs first (default 0).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" queue' -l 'queue' -d 'The queue to put the job in.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" idempotency-key' -l 'idempotency-key' -d 'A key that makes resubmitting safe: what was submitted with this key is returned instead of anything new.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" wait' -l 'wait' -d 'Wait until it ends, like `job wait` (same exit statuses).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" timeout' -l 'timeout' -d 'With --wait: give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" progress' -l 'progress' -d 'With --wait: show progress on stderr.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip fixity" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip show" json' -l 'json' -d 'Print JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip show" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip show" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip list" location' -l 'location' -d 'Only AIPs in this location (name or UUID).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip list" status' -l 'status' -d 'Only AIPs with this status (pending, stored, moving, deleting, deleted, failed).' -rfka 'pending stored moving deleting deleted failed'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip list" limit' -l 'limit' -d 'At most this many AIPs.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip list" json' -l 'json' -d 'Print JSON Lines.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip list" q quiet' -l 'quiet' -s 'q' -d 'Print only the AIPs\' UUIDs, one per line.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip list" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip list" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip extract" o output' -l 'output' -s 'o' -d 'Write it to this new file instead of stdout.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip extract" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip extract" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip extract" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip delete-requests" -eq 1' -fa 'list' -d 'List deletion requests (pending ones unless --status says otherwise).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip delete-requests" -eq 1' -fa 'approve' -d 'Approve a request: enqueue the delete and print the job\'s UUID.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli aip delete-requests" -eq 1' -fa 'reject' -d 'Reject a request; the AIP stays stored.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests list" status' -l 'status' -d 'pending, approved or rejected.' -rfka 'pending approved rejected'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests list" all' -l 'all' -d 'Every request, whatever its status.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests list" json' -l 'json' -d 'Print JSON Lines.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests list" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests list" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests approve" reason' -l 'reason' -d 'Why (goes into the AIP\'s history; default: the request\'s reason).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests approve" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests approve" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests approve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests reject" reason' -l 'reason' -d 'Why.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests reject" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests reject" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli aip delete-requests reject" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli batch" -eq 1' -fa 'submit' -d 'Submit a file of AIP operations as one batch; print the batch UUID.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli batch" -eq 1' -fa 'status' -d 'Show a batch: jobs per state, bytes done, and its first errors.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli batch" -eq 1' -fa 'wait' -d 'Wait until every job of a batch has ended.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli batch" -eq 1' -fa 'cancel' -d 'Cancel every unfinished job of a batch.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" print-jobs' -l 'print-jobs' -d 'Print each job\'s UUID after the batch UUID.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" priority' -l 'priority' -d 'Higher runs first (default 0).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" queue' -l 'queue' -d 'The queue to put the job in.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" idempotency-key' -l 'idempotency-key' -d 'A key that makes resubmitting safe: what was submitted with this key is returned instead of anything new.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" wait' -l 'wait' -d 'Wait until it ends, like `job wait` (same exit statuses).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" timeout' -l 'timeout' -d 'With --wait: give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" progress' -l 'progress' -d 'With --wait: show progress on stderr.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch submit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch status" json' -l 'json' -d 'Print JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch status" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch status" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch wait" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch wait" progress' -l 'progress' -d 'Show progress on stderr.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch wait" json' -l 'json' -d 'Print the final status as JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch wait" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch wait" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch wait" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch cancel" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch cancel" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli batch cancel" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli location" -eq 1' -fa 'add' -d 'Add a location and print its UUID.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli location" -eq 1' -fa 'list' -d 'List locations by name.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli location" -eq 1' -fa 'show' -d 'Show one location (by name or UUID).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli location" -eq 1' -fa 'browse' -d 'List one directory of a location, as Archivematica\'s transfer browser shows it.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli location" -eq 1' -fa 'copy' -d 'Copy a file or directory from a transfer source into a pipeline\'s shared directory, as a job.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location add" path' -l 'path' -d 'The directory (absolute).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location add" purpose' -l 'purpose' -d 'What it is for: aip-storage, transfer-source, replicator, backlog, currently-processing, dip-storage, aip-recovery, storage-service-internal, sword-deposit.' -rfka 'aip-storage transfer-source replicator backlog currently-processing dip-storage aip-recovery storage-service-internal sword-deposit'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location add" description' -l 'description' -d 'A description for people.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location add" removable-source' -l 'removable-source' -d 'Let stores remove their sources from this transfer-source (--remove-source).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location add"' -l 'pipeline' -d 'A pipeline (UUID) it serves alone; repeat for more. None: every pipeline.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location add" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location add" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location list" purpose' -l 'purpose' -d 'Only locations with this purpose.' -rfka 'aip-storage transfer-source replicator backlog currently-processing dip-storage aip-recovery storage-service-internal sword-deposit'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location list" pipeline' -l 'pipeline' -d 'Only locations this pipeline (UUID) may use.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location list" json' -l 'json' -d 'Print JSON Lines.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location list" q quiet' -l 'quiet' -s 'q' -d 'Print only the locations\' UUIDs, one per line.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location list" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location list" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location show" json' -l 'json' -d 'Print JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location show" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location show" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location browse" json' -l 'json' -d 'Print JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location browse" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location browse" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location browse" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location copy" to' -l 'to' -d 'The currently-processing location to copy into.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location copy" as' -l 'as' -d 'Where, relative to it (default: the same path).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location copy" pipeline' -l 'pipeline' -d 'The pipeline asking (UUID): both locations must serve it.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location copy" wait' -l 'wait' -d 'Wait until it ends, like `job wait` (same exit statuses).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location copy" timeout' -l 'timeout' -d 'With --wait: give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location copy" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location copy" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli location copy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli job" -eq 1' -fa 'status' -d 'Show one job.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli job" -eq 1' -fa 'list' -d 'List jobs, newest first.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli job" -eq 1' -fa 'wait' -d 'Wait until jobs finish; print each job\'s UUID and final state.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli job" -eq 1' -fa 'cancel' -d 'Cancel a job: a waiting one at once, a running one at its next checkpoint.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli job" -eq 1' -fa 'retry' -d 'Queue a failed or cancelled job again, with a fresh attempt budget.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job status" json' -l 'json' -d 'Print JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job status" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job status" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" state' -l 'state' -d 'Only jobs in this state (queued, scheduled, running, retryable, succeeded, failed, cancelled).' -rfka 'queued scheduled running retryable succeeded failed cancelled'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" kind' -l 'kind' -d 'Only jobs of this kind, e.g. system.noop.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" batch' -l 'batch' -d 'Only jobs of this batch.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" queue' -l 'queue' -d 'Only jobs in this queue.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" limit' -l 'limit' -d 'At most this many jobs.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" json' -l 'json' -d 'Print JSON Lines.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" q quiet' -l 'quiet' -s 'q' -d 'Print only the jobs\' UUIDs, one per line.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job wait" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job wait" progress' -l 'progress' -d 'Show progress on stderr.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job wait" json' -l 'json' -d 'Print JSON Lines.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job wait" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job wait" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job wait" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job cancel" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job cancel" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job cancel" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job retry" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job retry" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli job retry" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli db" -eq 1' -fa 'migrate' -d 'Apply pending schema migrations (safe to run from several hosts at once).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli db" -eq 1' -fa 'status' -d 'Show the database in use and each component\'s current and pending schema versions.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli db" -eq 1' -fa 'start' -d 'Create (on first use), start and migrate the embedded database under $SS_HOME.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli db" -eq 1' -fa 'stop' -d 'Stop the embedded database under $SS_HOME (its data stays).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db migrate" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db migrate" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db migrate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db status" json' -l 'json' -d 'Print JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db status" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db status" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db start" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db start" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db stop" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli db stop" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli config" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli config" -eq 1' -fa 'show' -d 'Print every setting, its value, and where it came from (passwords masked).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli config show" json' -l 'json' -d 'Print JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli config show" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli config show" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli config show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" count' -l 'count' -d 'How many jobs.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" queue' -l 'queue' -d 'The queue to send them to.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" timeout' -l 'timeout' -d 'Give up after this many seconds (exit 75).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" no-wait' -l 'no-wait' -d 'Print the batch UUID and return without waiting.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" one-by-one' -l 'one-by-one' -d 'Submit each job after the previous one finished.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" json' -l 'json' -d 'Print the figures as JSON.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli ping" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli serve" listen' -l 'listen' -d 'host:port to listen on (default 127.0.0.1:8000; port 0 picks a free one).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli serve" max-body-bytes' -l 'max-body-bytes' -d 'Refuse request bodies larger than this (default 16777216).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli serve" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli serve" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli apikey" -eq 1' -fa 'create' -d 'Make a key for a user and print it (the only time it is shown).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli apikey" -eq 1' -fa 'list' -d 'List the users that have a key (never the keys).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli apikey" -eq 1' -fa 'scope' -d 'Change the scopes of a user\'s key; its next request is held to them.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli apikey" -eq 1' -fa 'revoke' -d 'Revoke a user\'s key; requests with it are refused (401) from now on.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey create" replace' -l 'replace' -d 'Replace the user\'s key if there is one.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey create" scope' -l 'scope' -d 'Comma-separated scopes: read, submit, review, admin (default read,submit).' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey create" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey create" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey create" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey list" json' -l 'json' -d 'Print JSON Lines.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey list" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey list" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey scope" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey scope" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey scope" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey revoke" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey revoke" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli apikey revoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli pipeline" -eq 1' -fa 'add' -d 'Register a pipeline by its UUID (as Archivematica\'s dashboard shows it).'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_positional "ss-cli pipeline" -eq 1' -fa 'list' -d 'List the registered pipelines.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline add" description' -l 'description' -d 'A description for people.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline add" remote-name' -l 'remote-name' -d 'The pipeline\'s host name or address.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline add" shared-path' -l 'shared-path' -d 'Its shared directory: made its currently-processing location.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline add" default-locations' -l 'default-locations' -d 'Also make the Storage Service\'s default locations it lacks.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline add" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline add" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline list" json' -l 'json' -d 'Print JSON Lines.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline list" database-url' -l 'database-url' -d 'PostgreSQL URL (postgres://user@host:port/db?schema=ss). Default: $SS_DATABASE_URL, else the embedded database under $SS_HOME.' -rfka ''
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline list" version' -l 'version' -d 'Show the version.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli pipeline list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'ss-cli' -n '__ss-cli_should_offer_completions_for_flags_or_options "ss-cli help" version' -l 'version' -d 'Show the version.'
