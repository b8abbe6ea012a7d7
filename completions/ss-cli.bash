#!/bin/bash

__ss-cli_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__ss-cli_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__ss-cli_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__ss-cli_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_ss-cli() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    aip|audit|batch|location|job|db|config|ping|serve|apikey|pipeline|help)
        # Offer subcommand argument completions
        "_ss-cli_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'aip audit batch location job db config ping serve apikey pipeline help' -- "${cur}"))
        ;;
    esac
}

_ss-cli_aip() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    store|move|delete|fixity|audit|show|list|extract|reindex|reingest|update|delete-requests|recover-requests)
        # Offer subcommand argument completions
        "_ss-cli_aip_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'store move delete fixity audit show list extract reindex reingest update delete-requests recover-requests' -- "${cur}"))
        ;;
    esac
}

_ss-cli_aip_store() {
    repeating_flags=()
    non_repeating_flags=(--remove-source --wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--from --to --uuid --type --priority --queue --idempotency-key --timeout --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--from')
        return
        ;;
    '--to')
        return
        ;;
    '--uuid')
        return
        ;;
    '--type')
        return
        ;;
    '--priority')
        return
        ;;
    '--queue')
        return
        ;;
    '--idempotency-key')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_move() {
    repeating_flags=()
    non_repeating_flags=(--wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--to --priority --queue --idempotency-key --timeout --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--to')
        return
        ;;
    '--priority')
        return
        ;;
    '--queue')
        return
        ;;
    '--idempotency-key')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_delete() {
    repeating_flags=()
    non_repeating_flags=(--wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--reason --priority --queue --idempotency-key --timeout --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--reason')
        return
        ;;
    '--priority')
        return
        ;;
    '--queue')
        return
        ;;
    '--idempotency-key')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_fixity() {
    repeating_flags=()
    non_repeating_flags=(--wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--priority --queue --idempotency-key --timeout --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--priority')
        return
        ;;
    '--queue')
        return
        ;;
    '--idempotency-key')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_audit() {
    repeating_flags=()
    non_repeating_flags=(--all --wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--location --priority --queue --idempotency-key --timeout --database-url)
    __ss-cli_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--location')
        return
        ;;
    '--priority')
        return
        ;;
    '--queue')
        return
        ;;
    '--idempotency-key')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_list() {
    repeating_flags=()
    non_repeating_flags=(--json --quiet -q --version -h --help)
    repeating_options=()
    non_repeating_options=(--location --status --limit --database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--location')
        return
        ;;
    '--status')
        __ss-cli_add_completions -W 'pending'$'\n''stored'$'\n''moving'$'\n''deleting'$'\n''deleted'$'\n''failed'$'\n''damaged'
        return
        ;;
    '--limit')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_extract() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--output -o --database-url)
    __ss-cli_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--output'|'-o')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_reindex() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_reingest() {
    repeating_flags=()
    non_repeating_flags=(--wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--pipeline --type --processing-config --timeout --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--pipeline')
        return
        ;;
    '--type')
        __ss-cli_add_completions -W 'metadata'$'\n''objects'$'\n''full'
        return
        ;;
    '--processing-config')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_update() {
    repeating_flags=()
    non_repeating_flags=(--wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--pipeline --from --path --to --timeout --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--pipeline')
        return
        ;;
    '--from')
        return
        ;;
    '--path')
        return
        ;;
    '--to')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_delete-requests() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|approve|reject)
        # Offer subcommand argument completions
        "_ss-cli_aip_delete-requests_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list approve reject' -- "${cur}"))
        ;;
    esac
}

_ss-cli_aip_delete-requests_list() {
    repeating_flags=()
    non_repeating_flags=(--all --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--status --database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--status')
        __ss-cli_add_completions -W 'pending'$'\n''approved'$'\n''rejected'
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_delete-requests_approve() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--reason --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--reason')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_delete-requests_reject() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--reason --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--reason')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_recover-requests() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|approve|reject)
        # Offer subcommand argument completions
        "_ss-cli_aip_recover-requests_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list approve reject' -- "${cur}"))
        ;;
    esac
}

_ss-cli_aip_recover-requests_list() {
    repeating_flags=()
    non_repeating_flags=(--all --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--status --database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--status')
        __ss-cli_add_completions -W 'pending'$'\n''approved'$'\n''rejected'
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_recover-requests_approve() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--reason --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--reason')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_aip_recover-requests_reject() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--reason --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--reason')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_audit() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    status)
        # Offer subcommand argument completions
        "_ss-cli_audit_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'status' -- "${cur}"))
        ;;
    esac
}

_ss-cli_audit_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--every --database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--every')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_batch() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    submit|status|wait|cancel)
        # Offer subcommand argument completions
        "_ss-cli_batch_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'submit status wait cancel' -- "${cur}"))
        ;;
    esac
}

_ss-cli_batch_submit() {
    repeating_flags=()
    non_repeating_flags=(--print-jobs --wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--priority --queue --idempotency-key --timeout --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--priority')
        return
        ;;
    '--queue')
        return
        ;;
    '--idempotency-key')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_batch_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_batch_wait() {
    repeating_flags=()
    non_repeating_flags=(--progress --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--timeout --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_batch_cancel() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_location() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|update|list|show|browse|copy)
        # Offer subcommand argument completions
        "_ss-cli_location_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add update list show browse copy' -- "${cur}"))
        ;;
    esac
}

_ss-cli_location_add() {
    repeating_flags=()
    non_repeating_flags=(--removable-source --version -h --help)
    repeating_options=(--pipeline --replicate-to)
    non_repeating_options=(--path --purpose --description --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--path')
        return
        ;;
    '--purpose')
        __ss-cli_add_completions -W 'aip-storage'$'\n''transfer-source'$'\n''replicator'$'\n''backlog'$'\n''currently-processing'$'\n''dip-storage'$'\n''aip-recovery'$'\n''storage-service-internal'$'\n''sword-deposit'
        return
        ;;
    '--description')
        return
        ;;
    '--pipeline')
        return
        ;;
    '--replicate-to')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_location_update() {
    repeating_flags=()
    non_repeating_flags=(--no-replicas --version -h --help)
    repeating_options=(--replicate-to)
    non_repeating_options=(--path --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--replicate-to')
        return
        ;;
    '--path')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_location_list() {
    repeating_flags=()
    non_repeating_flags=(--json --quiet -q --version -h --help)
    repeating_options=()
    non_repeating_options=(--purpose --pipeline --database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--purpose')
        __ss-cli_add_completions -W 'aip-storage'$'\n''transfer-source'$'\n''replicator'$'\n''backlog'$'\n''currently-processing'$'\n''dip-storage'$'\n''aip-recovery'$'\n''storage-service-internal'$'\n''sword-deposit'
        return
        ;;
    '--pipeline')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_location_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_location_browse() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_location_copy() {
    repeating_flags=()
    non_repeating_flags=(--wait --progress --version -h --help)
    repeating_options=()
    non_repeating_options=(--to --as --pipeline --timeout --database-url)
    __ss-cli_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--to')
        return
        ;;
    '--as')
        return
        ;;
    '--pipeline')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_job() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    status|list|wait|cancel|retry)
        # Offer subcommand argument completions
        "_ss-cli_job_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'status list wait cancel retry' -- "${cur}"))
        ;;
    esac
}

_ss-cli_job_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_job_list() {
    repeating_flags=()
    non_repeating_flags=(--json --quiet -q --version -h --help)
    repeating_options=()
    non_repeating_options=(--state --kind --batch --queue --limit --database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--state')
        __ss-cli_add_completions -W 'queued'$'\n''scheduled'$'\n''running'$'\n''retryable'$'\n''succeeded'$'\n''failed'$'\n''cancelled'
        return
        ;;
    '--kind')
        return
        ;;
    '--batch')
        return
        ;;
    '--queue')
        return
        ;;
    '--limit')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_job_wait() {
    repeating_flags=()
    non_repeating_flags=(--progress --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--timeout --database-url)
    __ss-cli_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_job_cancel() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_job_retry() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_db() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    migrate|status|start|stop)
        # Offer subcommand argument completions
        "_ss-cli_db_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'migrate status start stop' -- "${cur}"))
        ;;
    esac
}

_ss-cli_db_migrate() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_db_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_db_start() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0
}

_ss-cli_db_stop() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0
}

_ss-cli_config() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show)
        # Offer subcommand argument completions
        "_ss-cli_config_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show' -- "${cur}"))
        ;;
    esac
}

_ss-cli_config_show() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_ping() {
    repeating_flags=()
    non_repeating_flags=(--no-wait --one-by-one --json --version -h --help)
    repeating_options=()
    non_repeating_options=(--count --queue --timeout --database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--count')
        return
        ;;
    '--queue')
        return
        ;;
    '--timeout')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_serve() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--listen --max-body-bytes --metrics-listen --database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--listen')
        return
        ;;
    '--max-body-bytes')
        return
        ;;
    '--metrics-listen')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_apikey() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    create|list|scope|revoke)
        # Offer subcommand argument completions
        "_ss-cli_apikey_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'create list scope revoke' -- "${cur}"))
        ;;
    esac
}

_ss-cli_apikey_create() {
    repeating_flags=()
    non_repeating_flags=(--replace --version -h --help)
    repeating_options=()
    non_repeating_options=(--scope --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--scope')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_apikey_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_apikey_scope() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_apikey_revoke() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_pipeline() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|list)
        # Offer subcommand argument completions
        "_ss-cli_pipeline_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add list' -- "${cur}"))
        ;;
    esac
}

_ss-cli_pipeline_add() {
    repeating_flags=()
    non_repeating_flags=(--default-locations --version -h --help)
    repeating_options=()
    non_repeating_options=(--description --remote-name --shared-path --api-username --api-key-file --database-url)
    __ss-cli_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--description')
        return
        ;;
    '--remote-name')
        return
        ;;
    '--shared-path')
        return
        ;;
    '--api-username')
        return
        ;;
    '--api-key-file')
        return
        ;;
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_pipeline_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--database-url)
    __ss-cli_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--database-url')
        return
        ;;
    esac
}

_ss-cli_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __ss-cli_offer_flags_options -1
}

complete -o filenames -F _ss-cli ss-cli
